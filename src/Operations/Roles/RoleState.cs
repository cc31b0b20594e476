using MailHa.Operations.Topology;

namespace MailHa.Operations.Roles;

/// <summary>
/// Who is active (holds the VIP, is the mirror's source) and who is standby, at a generation that
/// only ever grows. After a failover the mirror is paused until an operator sets the new direction.
/// </summary>
public sealed record RoleState(
    long Generation,
    NodeName Active,
    NodeName Standby,
    bool MirrorPaused,
    DateTimeOffset ChangedAt,
    string ChangedBy,
    string Reason)
{
    /// <summary>The node-side state file's text: <c>key=value</c> lines any shell can read with sed.</summary>
    public string ToStateFile() =>
        $"generation={Generation}\nactive={Active}\nstandby={Standby}\npaused={(MirrorPaused ? 1 : 0)}\nchanged_at={ChangedAt.ToUnixTimeSeconds()}\n";

    public string Describe() =>
        $"generation {Generation}: {Active} active, {Standby} standby, mirror {(MirrorPaused ? "PAUSED" : $"{Active} → {Standby}")}";
}
