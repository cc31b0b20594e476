using MailHa.Operations.Topology;

namespace MailHa.Operations.Vip;

/// <summary>Who holds the VIP, from each node's interfaces and from outside (who answers on it).</summary>
public sealed record VipReport(
    VipVerdict Verdict,
    NodeName? Holder,
    IReadOnlyList<NodeVipView> Nodes,
    ServiceAnswer External,
    NodeName? AnsweredBy,
    string Summary);
