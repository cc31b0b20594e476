using MailHa.Bot.Alerts;
using MailHa.Bot.Chat;
using MailHa.Operations.Failover;
using MailHa.Operations.Reporting;

namespace MailHa.Bot.Incidents;

/// <summary>
/// When an operation ends (succeeded or failed; a refused one changed nothing), posts its incident timeline where its
/// conversation is, on the leader or not (the operation ran here): a reply under the outage's failover proposal cards
/// when it follows an outage, else under its request's approval cards (where it was asked for and every approval
/// channel), as <see cref="ConversationThreads"/> recorded them when they were posted; the console gets an entry in any
/// case. Only when no card is known (or none could be replied to) does it go to every alert channel instead. Registered
/// after <see cref="MailAtRiskRecorder"/>, so the mail at risk is in it.
/// </summary>
public sealed partial class IncidentPoster(
    IncidentRecords records,
    ConversationThreads threads,
    AlertConversations alertChannels,
    AlertPoster poster,
    ILogger<IncidentPoster> logger) : IReportObserver<FailoverReport>
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
            NotPosted(logger, report.OperationId, e);
        }
    }

    private async Task PostAsync(IncidentTimeline timeline, CancellationToken cancellationToken)
    {
        var message = IncidentText.Chat(timeline);
        var replied = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in (await ThreadOfAsync(timeline, cancellationToken)).DistinctBy(s => s.Conversation.Key, StringComparer.Ordinal))
        {
            try
            {
                await start.Conversation.ReplyAsync(start.Message, message, cancellationToken);
                replied.Add(start.Conversation.Key);
            }
#pragma warning disable CA1031 // One conversation that cannot be replied in does not keep the timeline from the others.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                NotReplied(logger, timeline.Id, start.Conversation.Key, e);
            }
        }

        if (replied.Count == 0)
        {
            ThreadUnknown(logger, timeline.Id);
            await poster.PostAsync(message, cancellationToken);
            return;
        }

        // The console has no threads: its entry is the timeline, wherever the cards went.
        foreach (var console in alertChannels.All().Where(c => c.Address.Platform == ChatPlatform.Console && !replied.Contains(c.Key)))
        {
            await console.PostAsync(message, cancellationToken);
        }
    }

    /// <summary>The outage's proposal cards when the incident has an outage and they are known; else the cards of the latest request that has some.</summary>
    private async Task<IReadOnlyList<ThreadRoot>> ThreadOfAsync(IncidentTimeline timeline, CancellationToken cancellationToken)
    {
        if (timeline.Outage is { } outage && await threads.FindAsync(new OutageThread(outage), cancellationToken) is { Count: > 0 } proposal)
        {
            return proposal;
        }

        foreach (var request in timeline.Requests.Reverse())
        {
            if (await threads.FindAsync(new RequestThread(request), cancellationToken) is { Count: > 0 } cards)
            {
                return cards;
            }
        }

        return [];
    }

    [LoggerMessage(EventId = 5401, Level = LogLevel.Error, Message = "The incident timeline of {Operation} could not be posted")]
    private static partial void NotPosted(ILogger logger, string operation, Exception exception);

    [LoggerMessage(EventId = 5402, Level = LogLevel.Warning, Message = "The incident timeline of {Incident} could not be replied in {Conversation}")]
    private static partial void NotReplied(ILogger logger, string incident, string conversation, Exception exception);

    [LoggerMessage(EventId = 5403, Level = LogLevel.Information, Message = "No card of incident {Incident} could be replied to: its timeline goes to every alert channel")]
    private static partial void ThreadUnknown(ILogger logger, string incident);
}
