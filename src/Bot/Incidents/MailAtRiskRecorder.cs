using MailHa.Operations.Audit;
using MailHa.Operations.Failover;
using MailHa.Operations.Mirror;
using MailHa.Operations.Mirror.Continuous;
using MailHa.Operations.Reporting;

namespace MailHa.Bot.Incidents;

/// <summary>
/// When an operation ends, records in the audit trail the mail it put at risk as things stood when it started: the age of
/// the standby's copy (the last good run towards it that started before), or the continuous mirror's lag measured
/// before it on the service's own stream; none when a run refreshed the copy during the operation (the final sync after the fence).
/// </summary>
public sealed partial class MailAtRiskRecorder(MirrorHistory history, MirrorStreams streams, AuditLog audit, ILogger<MailAtRiskRecorder> logger)
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
            await audit.AppendAsync(new MailAtRisk(report.OperationId, await DescribeAsync(report, cancellationToken)), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            NotRecorded(logger, report.OperationId, e);
        }
    }

    private async Task<string> DescribeAsync(FailoverReport report, CancellationToken cancellationToken)
    {
        var runs = await history.RecentAsync(null, 200, cancellationToken);
        var towards = runs.Where(r => r.IsGood && r.Service == report.Service && r.Source == report.Source && r.Target == report.Target && r.StartedAt <= report.EndedAt).ToList();
        var during = towards.FirstOrDefault(r => r.StartedAt >= report.StartedAt);
        var before = towards.FirstOrDefault(r => r.StartedAt < report.StartedAt);
        var view = streams.ViewOf(report.Service);
        var lag = view?.Lag is { } measured && view.LagMeasuredAt is { } at && at <= report.StartedAt
            ? $"; continuous mirror lag {Durations.Format(measured)} (measured {Durations.Format(report.StartedAt - at)} before the start)"
            : "";
        return (during, before) switch
        {
            ({ } run, _) => $"none: run #{run.Id} ({run.Trigger}) brought {report.Target} up to date during the operation{lag}",
            (null, { } run) => $"mirror age {Durations.Format(report.StartedAt - run.StartedAt)} at the start: mail {report.Source} received after the last good run #{run.Id} ({run.StartedAt:yyyy-MM-dd HH:mm:ss}Z){lag}",
            _ => $"unknown: no good run {report.Source} → {report.Target} in the journal{lag}",
        };
    }

    [LoggerMessage(EventId = 5400, Level = LogLevel.Error, Message = "The mail at risk of {Operation} could not be recorded")]
    private static partial void NotRecorded(ILogger logger, string operation, Exception exception);
}
