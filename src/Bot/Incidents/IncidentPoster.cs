using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Operations.Failover;
using MailHa.Operations.Reporting;

namespace MailHa.Bot.Incidents;

/// <summary>
/// When an operation ends (succeeded or failed; a refused one changed nothing), posts its incident timeline, on the
/// leader or not: the operation ran here. It goes as a reply to every card of the request that ran it (a thread reply
/// in Slack, a reply to the card's activity in Teams, a new entry on the console), and as a new message to every alert
/// channel that had no such card. Registered after <see cref="MailAtRiskRecorder"/>, so the mail at risk is in it.
/// </summary>
public sealed partial class IncidentPoster(IncidentRecords records, ApprovalService approvals, AlertConversations alerts, ILogger<IncidentPoster> logger)
    : IReportObserver<FailoverReport>
{
    public async Task OnReportAsync(FailoverReport report, TimeSpan took, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Outcome == FailoverOutcome.Refused)
        {
            return;
        }

        try
        {
            if (await records.FindAsync(report.OperationId, cancellationToken) is { } timeline)
            {
                await PostAsync(timeline, cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            NotPosted(logger, report.OperationId, "anywhere", e);
        }
    }

    private async Task PostAsync(IncidentTimeline timeline, CancellationToken cancellationToken)
    {
        var message = IncidentText.Chat(timeline);
        var cards = timeline.RequestId is { } id && await approvals.FindAsync(id, cancellationToken) is { } request ? request.Cards : [];
        var replied = new HashSet<string>(StringComparer.Ordinal);
        foreach (var card in cards)
        {
            await BestEffortAsync(timeline, card.Conversation, c => c.ReplyAsync(card.Message, message, cancellationToken));
            replied.Add(card.Conversation.Key);
        }

        foreach (var channel in alerts.All().Where(c => !replied.Contains(c.Key)))
        {
            await BestEffortAsync(timeline, channel, c => c.PostAsync(message, cancellationToken));
        }
    }

    /// <summary>One conversation failing does not keep the timeline from the others.</summary>
    private async Task BestEffortAsync(IncidentTimeline timeline, IChatConversation conversation, Func<IChatConversation, Task> post)
    {
        try
        {
            await post(conversation);
        }
#pragma warning disable CA1031 // Best effort per conversation, as alerts are: log and go on.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            NotPosted(logger, timeline.Id, conversation.Key, e);
        }
    }

    [LoggerMessage(EventId = 5401, Level = LogLevel.Error, Message = "The incident timeline of {Operation} could not be posted to {Conversation}")]
    private static partial void NotPosted(ILogger logger, string operation, string conversation, Exception exception);
}
