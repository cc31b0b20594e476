using MailHa.Bot.Chat;
using MailHa.Bot.Paging;
using MailHa.Operations.Mirror.Continuous;

namespace MailHa.Bot.Alerts;

/// <summary>
/// Turns the continuous mirror's problems into chat alerts: its fall back to the interval (the store needs more inotify
/// watches than the active node allows, no inotifywait there) and a lag above <c>Mirror:LagAlertAfter</c>, each once when it
/// starts and once when it clears, each paged (trigger, then resolve, under the problem's key). A refused or failed full
/// run is alerted on by <see cref="MirrorAlerter"/>. With several services streaming, each alert names its service and
/// pages under its own key (<c>mailha/mirror-lag/SERVICE</c>): one service's lag never resolves another's.
/// </summary>
public sealed class MirrorStreamAlerter(AlertPoster poster, Pager pager, MirrorStreams streams, ILogger<MirrorStreamAlerter> logger) : IMirrorStreamObserver
{
    public async Task OnStreamProblemAsync(MirrorStreamProblem problem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var several = streams.Services.Count > 1;
        var of = several ? $" of {problem.Service}" : "";
        var message = (problem, problem.Active) switch
        {
            (StreamFellBack, true) => ChatMessage.Text(
                $"🚨 Continuous mirror{of} fell back to the interval",
                $"{problem.Describe()}. An unplanned failover now loses up to one interval of mail. The watcher is tried again every {Operations.Reporting.Durations.Format(Operations.Jobs.ContinuousMirror.FallBackRetry)}."),
            (LagTooHigh, true) => ChatMessage.Text(
                $"🚨 Mirror lag{of} too high",
                $"{problem.Describe()}. Check the mirror network and both nodes ('/mail status')."),
            _ => ChatMessage.Text($"✅ Continuous mirror{of} recovered", problem.Describe()),
        };
        var kind = problem.Active ? AlertKind.Alert : AlertKind.Recovery;
        AlertLog.Raised(logger, kind, problem.Key, message.Title);
        await poster.PostAsync(message, cancellationToken);
        pager.Page(kind, problem.Key, "mailha", $"{message.Title}: {problem.Describe()}", outage: several ? problem.Service.Value : null);
    }
}
