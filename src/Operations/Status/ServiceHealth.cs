using MailHa.Operations.Vip;

namespace MailHa.Operations.Status;

/// <summary>
/// A service's verdict: healthy, degraded (it serves but its standby or mirror does not keep up, or who holds its VIP
/// is unknown while the VIP answers), down (nothing answers on its VIP, whether or not every node could be asked or the
/// VIP check ran out), or split brain on its VIP. Ordered from best to worst.
/// </summary>
public enum ServiceHealth
{
    Healthy,
    Degraded,
    Down,
    SplitBrain,
}

/// <summary>How status decides a service's <see cref="ServiceHealth"/> from what its gather found: one rule, no I/O.</summary>
public static class ServiceHealthRule
{
    /// <param name="vip">What the gather learned of the service's VIP.</param>
    /// <param name="standbyDown">The recorded standby could not be read over SSH: the mirror cannot run.</param>
    /// <param name="mirrorPaused">The recorded mirror is paused (after an operation, until someone resumes it).</param>
    /// <param name="mirrored">The mirror has had a good run (the standby holds a copy).</param>
    public static ServiceHealth Of(VipFinding vip, bool standbyDown, bool mirrorPaused, bool mirrored) => vip switch
    {
        VipLocated { Report.Verdict: VipVerdict.SplitBrain } => ServiceHealth.SplitBrain,
        VipLocated { Report.Verdict: VipVerdict.Nobody } => ServiceHealth.Down,

        // Who holds it is unknown, and nothing answers on it: mail is down for the users, whatever the nodes would say.
        VipLocated { Report: { Verdict: VipVerdict.Unknown, External: Silent } } => ServiceHealth.Down,
        VipCheckRanOut { Banner: Silent } => ServiceHealth.Down,

        // Something answers on it: it serves, but who holds it is unknown.
        VipLocated { Report.Verdict: VipVerdict.Unknown } or VipCheckRanOut => ServiceHealth.Degraded,
        _ when standbyDown || mirrorPaused || !mirrored => ServiceHealth.Degraded,
        _ => ServiceHealth.Healthy,
    };
}
