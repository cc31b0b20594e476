using MailHa.Operations.Mirror;

namespace MailHa.Bot.Alerts;

/// <summary>Turns mirror runs into chat alerts: once per failure streak, reminders while it stays broken, once on recovery.</summary>
public sealed class MirrorAlerter(AlertTracker tracker, AlertPoster poster, MirrorHistory history, TimeProvider time) : IMirrorObserver
{
    public const string Problem = "mirror";

    public async Task OnRunCompletedAsync(MirrorRunCompleted completed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completed);
        var run = completed.Run;
        var kind = await tracker.ObserveAsync(Problem, !run.IsGood, cancellationToken);
        if (kind == AlertKind.None)
        {
            return;
        }

        var lastGood = await history.LastGoodAsync(run.Service, cancellationToken);
        await poster.RaiseAsync(new MirrorFailed(run, lastGood, time.GetUtcNow() - lastGood?.StartedAt), kind, cancellationToken);
    }
}
