using MailHa.Operations.Mirror.Continuous;

namespace MailHa.Bot.Alerts;

/// <summary>
/// Turns the continuous mirror's problems into chat alerts: its fall back to the interval (the store needs more inotify
/// watches than the active node allows, no inotifywait there) and a lag above <c>Mirror:LagAlertAfter</c>, each once when it
/// starts and once when it clears, each paged (trigger, then resolve, under the problem's key). A refused or failed full
/// run is alerted on by <see cref="MirrorAlerter"/>. With several services streaming, each alert names its service and
/// pages under its own key (<c>mailha/mirror-lag/SERVICE</c>): one service's lag never resolves another's.
/// </summary>
public sealed class MirrorStreamAlerter(AlertPoster poster, MirrorStreams streams) : IMirrorStreamObserver
{
    public Task OnStreamProblemAsync(MirrorStreamProblem problem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return poster.RaiseAsync(new ContinuousMirrorTrouble(problem, streams.Services.Count > 1), problem.Active ? AlertKind.Alert : AlertKind.Recovery, cancellationToken);
    }
}
