namespace MailHa.Bot.Approvals;

/// <summary>What needs two people: the three VIP operations, and setting the mirror direction.</summary>
public enum RequestKind
{
    Failover,
    Switchover,
    Failback,
    MirrorResume,
}
