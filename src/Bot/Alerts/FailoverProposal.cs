using System.Globalization;
using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.Paging;
using MailHa.Operations.Audit;
using MailHa.Operations.Liveness;
using MailHa.Operations.Topology;

namespace MailHa.Bot.Alerts;

/// <summary>
/// One proposal card per outage of the active node, on every alert channel: what was seen (each view with its time),
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
/// <see cref="OutageEnded"/>) for its incident timeline.
/// </remarks>
public sealed class FailoverProposal(
    AlertTracker tracker,
    AlertPoster poster,
    Pager pager,
    AlertCards<FailoverProposal.Outage> outages,
    ApprovalService approvals,
    ProposalFacts facts,
    AuditLog audit,
    ILogger<FailoverProposal> logger) : IDisposable
{
    /// <summary>The alert streak an outage is deduplicated with.</summary>
    public const string Problem = "active-down";

    /// <summary>The card's button: a failover requested in the presser's name, acknowledging that the active node is down.</summary>
    public static readonly ChatAction RequestButton = new(new CardAction.RequestFailover(PrimaryDown: true), "Request failover", ChatActionStyle.Primary);

    /// <summary>The approval kind of failover requests (what the button's request, or a typed one, is kept as).</summary>
    private const string FailoverKind = "failover";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Outage? _outage;
    private IReadOnlyList<AlertCard> _cards = [];

    /// <summary>An outage's PagerDuty key: the node and when it went down, the same on every instance.</summary>
    public static string PageKeyOf(string node, DateTimeOffset since) => PageEvent.KeyFor(Problem, $"{node}/{since.ToUnixTimeSeconds()}");

    public void Dispose() => _gate.Dispose();

    /// <summary>Takes the latest verdict: posts, updates, reminds or withdraws the card.</summary>
    public async Task ObserveAsync(LivenessVerdict verdict, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // What the journal holds is the truth: another instance may have proposed, updated or withdrawn meanwhile.
            (_outage, _cards) = await outages.LoadAsync(Problem, cancellationToken) is { } kept ? kept : (null, []);
            // Once proposed, only the node answering again (or another node active) ends the outage.
            var ongoing = verdict is ActiveDown || (_outage is { } open && verdict is not ActiveAlive && verdict.Sample.Active == open.Active);
            var kind = await tracker.ObserveAsync(Problem, ongoing, cancellationToken);
            if (kind == AlertKind.Recovery || (!ongoing && _outage is not null))
            {
                await WithdrawAsync(verdict, cancellationToken);
                return;
            }

            if (!ongoing)
            {
                return;
            }

            if (_outage is null)
            {
                // No card for this outage yet (the journal would hold it, whichever instance posted it).
                if (verdict is ActiveDown down)
                {
                    await ProposeAsync(down, cancellationToken);
                }

                return;
            }

            await FollowRequestAsync(_outage, cancellationToken);
            if (kind == AlertKind.Reminder && _outage.RequestId is null)
            {
                var reminder = ChatMessage.Text(
                    $"⏰ Still: {_outage.Active} (active) DOWN since {ChatTime.Clock(_outage.Since)}, and nobody has requested a failover",
                    $"The proposal card has a Request failover button (or type '/mail failover --primary-down'). Mirror age: {_outage.MirrorAge}.");
                AlertLog.Raised(logger, kind, Problem, reminder.Title);
                await poster.PostAsync(reminder, cancellationToken);
            }

            await outages.SaveAsync(Problem, _outage, _cards, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ProposeAsync(ActiveDown down, CancellationToken cancellationToken)
    {
        var sample = down.Sample;
        var views = string.Join('\n', sample.Views.Select(v => $"{v.At.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}Z  {v.Describe()}"));
        await audit.AppendAsync(new OutageDeclared(sample.Active.Value, down.Since, $"nothing of {sample.Active} answered since the first failed probe; {sample.Standby} (standby) healthy"), cancellationToken);
        var outage = new Outage(sample.Active, sample.Standby, down.Since, views)
        {
            MirrorAge = await facts.MirrorAgeAsync(sample.Roles.Service, cancellationToken),
            MirrorLag = facts.MirrorLag,
            Replication = await facts.ReplicationAsync(sample, cancellationToken),
        };
        _cards = [];
        await FollowRequestAsync(outage, cancellationToken);
        var card = Card(outage);
        AlertLog.Raised(logger, AlertKind.Alert, Problem, card.Title);
        _cards = await poster.PostCardAsync(card, cancellationToken);
        await audit.AppendAsync(new ProposalPosted(outage.Active.Value, outage.Since, $"to {_cards.Count} alert channel(s); mirror {(outage.MirrorLag.Length > 0 ? $"lag {outage.MirrorLag}" : $"age: {outage.MirrorAge}")}; replication: {outage.Replication}"), cancellationToken);
        pager.Page(new PageEvent(PageAction.Trigger, Problem, outage.PageKey, $"{card.Title}. Mirror age: {outage.MirrorAge}. Replication: {outage.Replication}.", outage.Active.ToString(), outage.Views));
        outage.Shown = outage.Status;
        _outage = outage;
        await outages.SaveAsync(Problem, outage, _cards, cancellationToken);
    }

    private async Task FollowRequestAsync(Outage outage, CancellationToken cancellationToken)
    {
        if (outage.RequestId is { } id)
        {
            var request = await approvals.FindAsync(id, cancellationToken);
            switch (request?.State)
            {
                case ApprovalState.Pending:
                    break;
                case ApprovalState.Approved:
                    outage.Status = $"Failover {id} requested by {request.Requester.Name}, approved by {request.ApproverNames}: running.";
                    break;
                case ApprovalState.Succeeded:
                    outage.Status = $"Failover {id} requested by {request.Requester.Name}, approved by {request.ApproverNames}: done.";
                    break;
                case ApprovalState.Failed:
                    outage.Status = $"Failover {id} requested by {request.Requester.Name}, approved by {request.ApproverNames}: FAILED (see its progress message).";
                    break;
                default:
                    // Rejected, expired or void: the decision is back with the team.
                    outage.RequestId = null;
                    outage.Status = $"Request {id} ended ({request?.State.ToString().ToLowerInvariant() ?? "gone"}); nothing was changed.";
                    break;
            }
        }

        if (outage.RequestId is null
            && (await approvals.PendingAsync(cancellationToken)).FirstOrDefault(p => p.Approvable.Verb == FailoverKind) is { } pending)
        {
            outage.RequestId = pending.Id;
            outage.Status = $"Failover requested by {pending.Requester.Name} as {pending.Id}: waiting for another approver.";
            pager.Page(new PageEvent(PageAction.Acknowledge, Problem, outage.PageKey, outage.Status, outage.Active.ToString()));
        }

        if (_cards.Count > 0 && outage.Status != outage.Shown)
        {
            outage.Shown = outage.Status;
            await poster.UpdateAsync(_cards, Card(outage), cancellationToken);
        }
    }

    private async Task WithdrawAsync(LivenessVerdict verdict, CancellationToken cancellationToken)
    {
        if (_outage is not { } outage)
        {
            return;
        }

        _outage = null;
        await outages.ForgetAsync(Problem, cancellationToken);
        await FollowRequestAsync(outage, cancellationToken);
        var now = verdict.Sample.Active;
        var title = now != outage.Active
            ? $"✅ {now} is now active: {outage.Active}'s outage handled"
            : $"✅ {outage.Active} recovered, no action needed";
        var answering = verdict.Sample.Of(outage.Active).Where(v => v.Answers == true).Select(v => v.Describe()).FirstOrDefault();
        List<ChatSection> sections =
        [
            new(now != outage.Active
                ? $"{outage.Active} was down from {ChatTime.Clock(outage.Since)}; {now} is active since {ChatTime.Clock(verdict.Sample.Roles.ChangedAt)} ({verdict.Sample.Roles.Reason}, by {verdict.Sample.Roles.ChangedBy})."
                : $"{outage.Active} was down from {ChatTime.Clock(outage.Since)} and answers again at {ChatTime.Clock(verdict.Sample.At)} ({answering ?? "its views answer"}). The proposal is withdrawn."),
        ];
        if (outage.Status.Length > 0)
        {
            sections.Add(new(outage.RequestId is not null && now == outage.Active
                ? $"{outage.Status} The node is back: reject the request if the failover is no longer wanted."
                : outage.Status));
        }

        var message = new ChatMessage(title, sections, []);
        AlertLog.Raised(logger, AlertKind.Recovery, Problem, title);
        await audit.AppendAsync(new OutageEnded(outage.Active.Value, outage.Since, now != outage.Active ? OutageEnd.Replaced : OutageEnd.NodeBack, title), cancellationToken);
        await poster.UpdateAsync(_cards, message, cancellationToken);
        pager.Page(new PageEvent(PageAction.Resolve, Problem, outage.PageKey, title, outage.Active.ToString()));
    }

    private static ChatMessage Card(Outage outage)
    {
        List<ChatSection> sections =
        [
            new($"Nothing of {outage.Active} has answered since {ChatTime.Clock(outage.Since)}; {outage.Standby} (standby) is healthy. What MailHa saw:\n{outage.Views}", Monospace: true),
            new(outage.MirrorLag.Length > 0
                ? $"Mirror lag: {outage.MirrorLag} (continuous, measured by the heartbeat while {outage.Active} answered): an unplanned failover now loses about {outage.MirrorLag} of mail. Last full run: {outage.MirrorAge}."
                : $"Mirror age: {outage.MirrorAge}. An unplanned failover loses the mail {outage.Active} received since then."),
            new($"Directory replication: {outage.Replication}."),
            new("Request failover asks for 'failover --primary-down' in your name: another approver must still approve it. "
                + $"Only if {outage.Active} is really down (it keeps the VIP if it comes back: fence it before the links return). MailHa never fails over by itself."),
        ];
        if (outage.Status.Length > 0)
        {
            sections.Insert(0, new(outage.Status));
        }

        return new ChatMessage(
            $"🚨 {outage.Active} (active) is DOWN: failover to {outage.Standby} proposed",
            sections,
            outage.RequestId is null ? [RequestButton] : []);
    }

    /// <summary>One outage of one active node, as its card shows it (kept in the journal; its cards beside it).</summary>
    public sealed class Outage(NodeName active, NodeName standby, DateTimeOffset since, string views)
    {
        public NodeName Active { get; } = active;

        public NodeName Standby { get; } = standby;

        public DateTimeOffset Since { get; } = since;

        /// <summary>What MailHa saw when it declared the node down: each view with its time.</summary>
        public string Views { get; } = views;

        public required string MirrorAge { get; init; }

        /// <summary>The continuous mirror's last measured lag ("1.4 s"); empty in Interval mode or before any measurement.</summary>
        public string MirrorLag { get; init; } = "";

        public required string Replication { get; init; }

        public string? RequestId { get; set; }

        public string Status { get; set; } = "";

        public string Shown { get; set; } = "";

        /// <summary>The outage's PagerDuty key: the node and when it went down, the same on every instance.</summary>
        public string PageKey => PageKeyOf(Active.Value, Since);
    }
}
