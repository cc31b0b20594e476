using MailHa.Bot.Alerts;
using MailHa.Operations.Failover;
using MailHa.Operations.Reporting;

namespace MailHa.Bot.Incidents;

/// <summary>
/// When an operation ends (succeeded or failed; a refused one changed nothing), posts its incident timeline to every
/// alert channel, on the leader or not: the operation ran here. Registered after <see cref="MailAtRiskRecorder"/>, so the
/// mail at risk is in it.
/// </summary>
public sealed partial class IncidentPoster(IncidentRecords records, AlertPoster poster, ILogger<IncidentPoster> logger) : IReportObserver<FailoverReport>
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
                await poster.PostAsync(IncidentText.Chat(timeline), cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            NotPosted(logger, report.OperationId, e);
        }
    }

    [LoggerMessage(EventId = 5401, Level = LogLevel.Error, Message = "The incident timeline of {Operation} could not be posted")]
    private static partial void NotPosted(ILogger logger, string operation, Exception exception);
}
