using System.Text.Json;
using MailHa.Bot.Chat;
using MailHa.Operations.Topology;

namespace MailHa.Bot.Alerts;

/// <summary>
/// A failover proposal as MailHa kept it before its values were typed (<see cref="AlertCards.Format"/> 1: each leg's
/// refusal, mirror age and status, and the status lines last shown, were the words the card showed). Read into an
/// <see cref="FailoverProposal.Outage"/> that keeps those words as they were (<see cref="MirrorAgeAsWorded"/>,
/// <see cref="FailoverStatusAsWorded"/>, <see cref="FailoverProposal.ProposedFailover.RefusalAsWorded"/>), never reading
/// them for meaning: a card posted before an upgrade is updated, reminded of and withdrawn with the same words, and its
/// buttons still request (they depend on the target and the request, which were always values).
/// </summary>
internal static class OutageFormat1
{
    public static FailoverProposal.Outage? Read(JsonElement state)
    {
        if (state.Deserialize<Kept>(ChatStateJson.Options) is not { Legs: { } legs } kept)
        {
            return null;
        }

        var outage = new FailoverProposal.Outage(kept.Active, kept.Since, kept.Views ?? "", [.. legs.Select(Leg)]) { Replication = kept.Replication ?? "" };

        // What the card showed, compared as the words were: unchanged since (the statuses read the same), or its lines as they were.
        var shown = kept.Shown ?? "";
        outage.Shown = shown == string.Join('\n', legs.Select(l => l.Status ?? "")) ? outage.Status : [new FailoverStatusAsWorded(shown)];
        return outage;
    }

    private static FailoverProposal.ProposedFailover Leg(KeptLeg leg) => new(leg.Service, leg.Target, refusal: null)
    {
        RefusalAsWorded = string.IsNullOrEmpty(leg.Refusal) ? null : leg.Refusal,
        MirrorAge = new MirrorAgeAsWorded(leg.MirrorAge ?? ""),
        MirrorLag = leg.MirrorLag ?? "",
        RequestId = leg.RequestId,
        Status = string.IsNullOrEmpty(leg.Status) ? null : new FailoverStatusAsWorded(leg.Status),
    };

    /// <summary>The outage's format-1 document, as that release wrote it.</summary>
    private sealed record Kept(NodeName Active, DateTimeOffset Since, string? Views, IReadOnlyList<KeptLeg>? Legs, string? Replication, string? Shown);

    /// <summary>A leg's format-1 document: its refusal, mirror age and status as words ("" when none).</summary>
    private sealed record KeptLeg(ServiceName Service, NodeName? Target, string? Refusal, string? MirrorAge, string? MirrorLag, string? RequestId, string? Status);
}
