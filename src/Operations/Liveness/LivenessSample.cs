using MailHa.Operations.Roles;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Liveness;

/// <summary>
/// One look at both nodes, every view gathered at once: the active node from five independent sides (its SSH, its
/// SMTP on its own address, who answers on the VIP, whether anything answers ARP for the VIP as seen from the
/// standby, its directory) and the standby from two (SSH, SMTP). <see cref="Roles"/>: the recorded roles it was taken under.
/// </summary>
public sealed record LivenessSample(DateTimeOffset At, RoleState Roles, IReadOnlyList<LivenessView> Views)
{
    /// <summary>The typed answers behind two of the views (null in a sample made without them).</summary>
    public SampleEvidence? Evidence { get; init; }

    public NodeName Active => Roles.Active;

    public NodeName Standby => Roles.Standby;

    /// <summary>No view of the active node answers, and its SSH positively does not: one lost probe or one restarted daemon never gets here.</summary>
    public bool ActiveUnseen =>
        Of(Active).All(v => v.Answers != true) && Of(Active).Any(v => v.Kind == LivenessViewKind.Ssh && v.Answers == false);

    /// <summary>
    /// Every one of the active node's five views positively does not answer (none merely could not look) and the
    /// standby, which asked ARP for the VIP, is healthy: the evidence agrees, and it is not MailHa's own network.
    /// </summary>
    public bool AllViewsAgreeDown =>
        StandbyHealthy && Enum.GetValues<LivenessViewKind>().All(k => Of(Active).Any(v => v.Kind == k)) && Of(Active).All(v => v.Answers == false);

    /// <summary>The standby answers over SSH and on its own SMTP: it can take over.</summary>
    public bool StandbyHealthy => Of(Standby).Any() && Of(Standby).All(v => v.Answers == true);

    /// <summary>Nothing of either node answers: MailHa's own network trouble far more likely than two dead nodes.</summary>
    public bool NeitherSeen => ActiveUnseen && Of(Standby).All(v => v.Answers != true);

    public IEnumerable<LivenessView> Of(NodeName node) => Views.Where(v => v.Node == node);
}

/// <summary>
/// What the active node's SSH view and the VIP banner view got, as the outcomes they were judged on: the active node's
/// interface listing (the command a plan asks every node) and the answer on the service's VIP (what a plan's VIP
/// probe gets).
/// </summary>
public sealed record SampleEvidence(CommandOutcome ActiveListing, ServiceAnswer Vip);

/// <summary>The sides a node is looked at from.</summary>
public enum LivenessViewKind
{
    /// <summary>A login and one command over SSH.</summary>
    Ssh,

    /// <summary>Its SMTP banner on its own service address.</summary>
    Smtp,

    /// <summary>The VIP's SMTP banner names it.</summary>
    VipBanner,

    /// <summary>Something answers ARP for the VIP, asked from the standby (Solaris: an echo request).</summary>
    VipArp,

    /// <summary>Its directory binds and every replicated suffix reads.</summary>
    Directory,
}

/// <summary>What one view saw: <see cref="Answers"/> true (alive), false (no answer), null (could not look, e.g. the standby that asks ARP is unreachable).</summary>
public sealed record LivenessView(LivenessViewKind Kind, NodeName Node, DateTimeOffset At, bool? Answers, string Detail)
{
    public string Describe()
    {
        var state = Answers switch
        {
            true => "answers",
            false => "NO ANSWER",
            null => "unknown",
        };
        return $"{Name} {Node}: {state} ({Detail})";
    }

    private string Name => Kind switch
    {
        LivenessViewKind.Ssh => "ssh",
        LivenessViewKind.Smtp => "smtp",
        LivenessViewKind.VipBanner => "VIP banner",
        LivenessViewKind.VipArp => "VIP ARP",
        _ => "directory",
    };
}
