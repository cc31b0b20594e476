using System.Globalization;
using System.Text.Json;
using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.Paging;
using MailHa.Operations.Audit;
using MailHa.Operations.Liveness;
using MailHa.Operations.Roles;
using MailHa.Operations.Topology;

namespace MailHa.Bot.Alerts;

/// <summary>
/// One proposal card per outage of a node active for some service, on every alert channel, naming every service it
/// was running, each with its target (<see cref="Placement"/>: the next reachable node with room; a node it would
/// overload is shown so) and its own <b>Request failover</b> button. Per outage: what was seen (each view with its time),
/// the mirror age (the mail an unplanned failover loses), replication, and a <b>Request failover</b> button that
/// requests what <c>failover --primary-down</c> does, as whoever presses it, through the pipeline like any command
/// (Request role; a different approver still approves). The card is updated, never reposted: a failover requested (by the button
/// or by hand) names the request; the node back, or the failover done, withdraws the button. A reminder follows while
/// it stays down and nobody acted. MailHa never runs a failover by itself. The outage and where its cards went are
/// kept in the journal (<see cref="AlertCards{T}"/>): after a restart, or on the instance that takes the watch over,
/// the same cards are updated and nothing is posted twice.
/// </summary>
/// <remarks>
/// The outage's course is recorded in the audit trail (<see cref="OutageDeclared"/>, <see cref="ProposalPosted"/>,
/// <see cref="OutageEnded"/>, and <see cref="NodeReturned"/> when the node a failover replaced answers again) for its
/// incident timeline.
/// </remarks>
public sealed class FailoverProposal(
    AlertTracker tracker,
    AlertPoster poster,
    Pager pager,
    AlertCards<FailoverProposal.Outage> outages,
    ApprovalService approvals,
    ProposalFacts facts,
    AuditLog audit) : IDisposable
{
    /// <summary>The alert streak an outage is deduplicated with (with the node appended when there are several services).</summary>
    public const string Problem = "active-down";

    /// <summary>The card's button when there is one service: a failover requested in the presser's name, acknowledging that the active node is down.</summary>
    public static readonly ChatAction RequestButton = new(new CardAction.RequestFailover(PrimaryDown: true), "Request failover", ChatActionStyle.Primary);

    /// <summary>The journal key of an outage a failover ended, kept until its node answers again (with the node appended when there are several services).</summary>
    private const string Away = "replaced-away";

    /// <summary>The approval kind of failover requests (what the button's request, or a typed one, is kept as).</summary>
    private const string FailoverKind = "failover";

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>An outage's PagerDuty key: the node and when it went down, the same on every instance.</summary>
    public static string PageKeyOf(string node, DateTimeOffset since) => PageEvent.KeyFor(Problem, $"{node}/{since.ToUnixTimeSeconds()}");

    /// <summary>The button of one service's failover when there are several services.</summary>
    public static ChatAction RequestButtonFor(ServiceName service) =>
        new(new CardAction.RequestFailover(PrimaryDown: true, service), $"Request failover of {service}", ChatActionStyle.Primary);

    public void Dispose() => _gate.Dispose();

    /// <summary>Takes the latest round: for every node, posts, updates, reminds or withdraws its outage's card.</summary>
    public async Task ObserveAsync(WatchRound round, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(round);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            foreach (var node in round.Topology.Nodes.Select(n => n.NodeName))
            {
                await ObserveReturnAsync(round, node, cancellationToken);
                await ObserveNodeAsync(round, node, round.Verdicts.GetValueOrDefault(node), cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Records the node of an outage a failover ended answering again, once.</summary>
    private async Task ObserveReturnAsync(WatchRound round, NodeName node, CancellationToken cancellationToken)
    {
        var key = round.KeyOf(Away, node);
        if (await outages.LoadAsync(key, cancellationToken) is not ({ } away, _) || away.Active != node || !round.Reachable.Contains(node))
        {
            return;
        }

        var seen = round.Samples.SelectMany(s => s.Of(node)).FirstOrDefault(v => v.Answers == true);
        await outages.ForgetAsync(key, cancellationToken);
        await audit.AppendAsync(new NodeReturned(node.Value, away.Since, seen?.Describe() ?? $"{node} answers"), cancellationToken);
    }

    /// <param name="verdict">The node's verdict, or null when it is active for no service (any more).</param>
    private async Task ObserveNodeAsync(WatchRound round, NodeName node, LivenessVerdict? verdict, CancellationToken cancellationToken)
    {
        var problem = round.KeyOf(Problem, node);

        // What the journal holds is the truth: another instance may have proposed, updated or withdrawn meanwhile.
        var (outage, cards) = await outages.LoadAsync(problem, cancellationToken) is { } kept ? kept : (null, []);
        // With one service the key is shared by both nodes (as before services existed): the outage is its node's only.
        if ((verdict is null && outage is null) || (outage is not null && outage.Active != node))
        {
            return;
        }

        // Once proposed, only the node answering again (or it running no service any more) ends the outage.
        var ongoing = verdict is ActiveDown || (outage is not null && verdict is not null and not ActiveAlive);
        var kind = await tracker.ObserveAsync(problem, ongoing, cancellationToken);
        if (kind == AlertKind.Recovery || (!ongoing && outage is not null))
        {
            if (outage is not null)
            {
                await outages.ForgetAsync(problem, cancellationToken);
                await WithdrawAsync(round, outage, cards, verdict, cancellationToken);
            }

            return;
        }

        if (!ongoing)
        {
            return;
        }

        if (outage is null)
        {
            // No card for this outage yet (the journal would hold it, whichever instance posted it).
            if (verdict is ActiveDown down)
            {
                await ProposeAsync(round, problem, down, cancellationToken);
            }

            return;
        }

        await FollowRequestsAsync(round, outage, cards, cancellationToken);
        if (kind == AlertKind.Reminder && outage.Legs.Where(l => l.RequestId is null).Select(l => l.Service).ToList() is { Count: > 0 } unrequested)
        {
            await poster.RaiseAsync(new FailoverNotRequested(problem, outage, unrequested, round.OneService), kind, cancellationToken);
        }

        await outages.SaveAsync(problem, outage, cards, cancellationToken);
    }

    private async Task ProposeAsync(WatchRound round, string problem, ActiveDown down, CancellationToken cancellationToken)
    {
        var sample = down.Sample;
        var node = sample.Active;
        var views = string.Join('\n', sample.Views.Select(v => $"{v.At.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}Z  {v.Describe()}"));
        var services = round.States.Where(s => s.Active == node).Select(s => s.Service).ToList();
        List<ProposedFailover> legs = [];
        foreach (var decision in facts.Place(services, round.Running, round.Reachable))
        {
            legs.Add(new ProposedFailover(decision.Service, ProposalFacts.TargetOf(decision), decision as PlacementRefused)
            {
                MirrorAge = await facts.MirrorAgeAsync(decision.Service, ProposalFacts.TargetOf(decision), round.States.First(s => s.Service == decision.Service).Standby, cancellationToken),
                MirrorLag = facts.MirrorLagOf(decision.Service),
            });
        }

        var declared = round.OneService
            ? $"nothing of {node} answered since the first failed probe; {sample.Standby} (standby) healthy"
            : $"nothing of {node} answered since the first failed probe; it ran {string.Join(", ", services)}";
        await audit.AppendAsync(new OutageDeclared(node.Value, down.Since, declared), cancellationToken);
        var outage = new Outage(node, down.Since, views, legs)
        {
            Replication = await facts.ReplicationAsync(sample, cancellationToken),
        };
        IReadOnlyList<AlertCard> cards = [];
        await FollowRequestsAsync(round, outage, cards, cancellationToken);
        cards = await poster.RaiseAsync(new FailoverProposed(problem, outage, round.OneService), AlertKind.Alert, new OutageThread(OutageName.Of(node.Value, outage.Since)), cancellationToken);
        var mirrors = string.Join("; ", legs.Select(l => (round.OneService ? "mirror " : $"{l.Service} mirror ") + (l.MirrorLag.Length > 0 ? $"lag {l.MirrorLag}" : $"age: {l.MirrorAge.Describe()}")));
        await audit.AppendAsync(new ProposalPosted(node.Value, outage.Since, $"to {cards.Count} alert channel(s); {mirrors}; replication: {outage.Replication}"), cancellationToken);
        outage.Shown = outage.Status;
        await outages.SaveAsync(problem, outage, cards, cancellationToken);
    }

    private async Task FollowRequestsAsync(WatchRound round, Outage outage, IReadOnlyList<AlertCard> cards, CancellationToken cancellationToken)
    {
        foreach (var leg in outage.Legs)
        {
            await FollowRequestAsync(outage, leg, cancellationToken);
        }

        if (cards.Count > 0 && outage.StatusChanged)
        {
            outage.Shown = outage.Status;
            await poster.ShowAsync(cards, new FailoverProposed(round.KeyOf(Problem, outage.Active), outage, round.OneService), AlertKind.Alert, cancellationToken);
        }
    }

    private async Task FollowRequestAsync(Outage outage, ProposedFailover leg, CancellationToken cancellationToken)
    {
        if (leg.RequestId is { } id)
        {
            var request = await approvals.FindAsync(id, cancellationToken);
            switch (request?.State)
            {
                case ApprovalState.Pending:
                    break;
                case ApprovalState.Approved:
                    leg.Status = new FailoverRunning(id, request.Requester.Name, ApproverNamesOf(request));
                    break;
                case ApprovalState.Succeeded:
                    leg.Status = new FailoverDone(id, request.Requester.Name, ApproverNamesOf(request));
                    break;
                case ApprovalState.Failed:
                    leg.Status = new FailoverFailed(id, request.Requester.Name, ApproverNamesOf(request));
                    break;
                default:
                    // Rejected, expired or void: the decision is back with the team.
                    leg.RequestId = null;
                    leg.Status = new FailoverRequestEnded(id, request?.State);
                    break;
            }
        }

        if (leg.RequestId is null
            && (await approvals.PendingAsync(cancellationToken)).FirstOrDefault(p => p.Approvable.Verb == FailoverKind
                && outage.Legs.All(other => other.RequestId != p.Id)
                && ServiceOf(p.Approvable) is var service && (service is null || service == leg.Service)) is { } pending)
        {
            leg.RequestId = pending.Id;
            leg.Status = new FailoverAwaitingApproval(pending.Id, pending.Requester.Name);
            pager.Page(new PageEvent(PageAction.Acknowledge, Problem, outage.PageKey, leg.Status.Describe(), outage.Active.ToString()));
        }
    }

    private static List<string> ApproverNamesOf(PendingApproval request) => [.. request.Approvals.Select(a => a.Name)];

    /// <summary>The service a failover request names, read back from its typed request (null: the only service).</summary>
    private static ServiceName? ServiceOf(IApprovable approvable) =>
        approvable.Request.Deserialize<NamedService>(ChatStateJson.Options)?.Service;

    /// <summary>The part of a kept operation request (the use case's own record) that names its service.</summary>
    private sealed record NamedService(ServiceName? Service);

    private async Task WithdrawAsync(WatchRound round, Outage outage, IReadOnlyList<AlertCard> cards, LivenessVerdict? verdict, CancellationToken cancellationToken)
    {
        foreach (var leg in outage.Legs)
        {
            await FollowRequestAsync(outage, leg, cancellationToken);
        }

        var over = new OutageOver(round.KeyOf(Problem, outage.Active), outage, [.. outage.Legs.Select(l => round.StateOf(l.Service))], verdict, round.OneService);
        var title = AlertText.Message(over, AlertKind.Recovery).Title;
        await audit.AppendAsync(new OutageEnded(outage.Active.Value, outage.Since, over.Replaced ? OutageEnd.Replaced : OutageEnd.NodeBack, title), cancellationToken);
        if (over.Replaced)
        {
            // Watched for its return (its views are the standby's now): the timeline's "node back".
            await outages.SaveAsync(round.KeyOf(Away, outage.Active), outage, [], cancellationToken);
        }

        await poster.RaiseOnAsync(cards, over, AlertKind.Recovery, cancellationToken);
    }

    /// <summary>One outage of one node active for some service, as its card shows it (kept in the journal; its cards beside it).</summary>
    public sealed class Outage(NodeName active, DateTimeOffset since, string views, IReadOnlyList<ProposedFailover> legs) : IAlertCardState<Outage>
    {
        public NodeName Active { get; } = active;

        public DateTimeOffset Since { get; } = since;

        /// <summary>What MailHa saw when it declared the node down: each view with its time.</summary>
        public string Views { get; } = views;

        /// <summary>One proposed failover per service the node was running, in configuration order.</summary>
        public IReadOnlyList<ProposedFailover> Legs { get; } = legs;

        public required string Replication { get; init; }

        /// <summary>Each leg's status when the card was last posted or updated (null: it showed none).</summary>
        public IReadOnlyList<FailoverRequestStatus?> Shown { get; set; } = [];

        /// <summary>Each leg's status now.</summary>
        [System.Text.Json.Serialization.JsonIgnore]
        public IReadOnlyList<FailoverRequestStatus?> Status => [.. Legs.Select(l => l.Status)];

        /// <summary>The card's status lines read differently from when it was last posted or updated.</summary>
        [System.Text.Json.Serialization.JsonIgnore]
        public bool StatusChanged => Lines(Shown) != Lines(Status);

        /// <summary>The outage's PagerDuty key: the node and when it went down, the same on every instance.</summary>
        [System.Text.Json.Serialization.JsonIgnore]
        public string PageKey => PageKeyOf(Active.Value, Since);

        public static Outage? FromFormat1(JsonElement state) => OutageFormat1.Read(state);

        private static string Lines(IEnumerable<FailoverRequestStatus?> statuses) => string.Join('\n', statuses.Select(s => s?.Describe() ?? ""));
    }

    /// <summary>The failover of one service of a dead node: where it would go and what it loses, and the request made for it.</summary>
    /// <param name="service">The service.</param>
    /// <param name="target">Where it would go, or null when no node can take it.</param>
    /// <param name="refusal">Why placement refuses it (a node it would overload, no reachable node); null when it fits.</param>
    public sealed class ProposedFailover(ServiceName service, NodeName? target, PlacementRefused? refusal)
    {
        public ServiceName Service { get; } = service;

        public NodeName? Target { get; } = target;

        public PlacementRefused? Refusal { get; } = refusal;

        /// <summary>
        /// The refusal as a proposal kept before it was a value said it (<see cref="AlertCards.Format"/> 1, read by
        /// <see cref="OutageFormat1"/>; null since): shown as it was, never read for meaning.
        /// </summary>
        public string? RefusalAsWorded { get; init; }

        public required MirrorAge MirrorAge { get; init; }

        /// <summary>The continuous mirror's last measured lag ("1.4 s"); empty in Interval mode or before any measurement.</summary>
        public string MirrorLag { get; init; } = "";

        public string? RequestId { get; set; }

        /// <summary>Where the request made for it stands; null before any.</summary>
        public FailoverRequestStatus? Status { get; set; }
    }
}
