using MailHa.Operations.Reporting;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Status;

/// <summary>
/// What one status gather learned of a service's VIP: who holds it (<see cref="VipLocated"/>), or that the gather's
/// bounded VIP part ran out before the nodes' views were judged (<see cref="VipCheckRanOut"/>), with what the banner
/// probe, bounded on its own, heard on the VIP meanwhile.
/// </summary>
public abstract record VipFinding;

/// <summary>The nodes' views and the banner, judged (<see cref="VipReport.Verdict"/>).</summary>
public sealed record VipLocated(VipReport Report) : VipFinding;

/// <summary>
/// The VIP part gave no answer within <paramref name="Bound"/> (a loaded machine, a node slow to answer over SSH); the
/// banner probe on the VIP said <paramref name="Banner"/> (a probe that did not end within the bound either is
/// <see cref="Silent"/>: nothing answered), naming <paramref name="AnsweredBy"/> when the banner names a node.
/// </summary>
public sealed record VipCheckRanOut(TimeSpan Bound, ServiceAnswer Banner, NodeName? AnsweredBy) : VipFinding
{
    /// <summary>Why the holder is unknown, for the report's unknown parts: "no answer within 5 s".</summary>
    public string Why => $"no answer within {Durations.Format(Bound)}";

    /// <summary>
    /// The holder unknown and what the banner said meanwhile: "holder unknown: the VIP check ran out (no answer within
    /// 5 s); nothing answers on the VIP (…)" or "…; mail1 answers on the VIP".
    /// </summary>
    public string Describe()
    {
        var banner = Banner switch
        {
            Answered a => AnsweredBy is { } who ? $"{who} answers on the VIP" : $"the VIP answers \"{a.Banner}\"",
            Silent s => $"nothing answers on the VIP ({s.Reason})",
            _ => "the VIP's banner unknown",
        };
        return $"holder unknown: the VIP check ran out ({Why}); {banner}";
    }
}
