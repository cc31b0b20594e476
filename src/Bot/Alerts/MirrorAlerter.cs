using MailHa.Bot.Chat;
using MailHa.Bot.Paging;
using MailHa.Operations.Mirror;
using MailHa.Operations.Reporting;

namespace MailHa.Bot.Alerts;

/// <summary>Turns mirror runs into chat alerts: once per failure streak, reminders while it stays broken, once on recovery.</summary>
public sealed class MirrorAlerter(AlertTracker tracker, AlertPoster poster, Pager pager, MirrorHistory history, TimeProvider time, ILogger<MirrorAlerter> logger) : IMirrorObserver
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
        var age = lastGood is null ? "the mirror never succeeded" : $"the standby's copy is {Durations.Format(time.GetUtcNow() - lastGood.StartedAt)} old (last good run {lastGood.StartedAt:yyyy-MM-dd HH:mm}Z)";
        var message = kind switch
        {
            AlertKind.Recovery => ChatMessage.Text(
                $"✅ Mirror recovered: {run.Source} → {run.Target}",
                run.Describe()),
            _ => new ChatMessage(
                $"{(kind == AlertKind.Reminder ? "⏰ Still failing" : "🚨 Mirror FAILED")}: {run.Source} → {run.Target}",
                [
                    new ChatSection($"{run.Verdict}: {run.Message}"),
                    new ChatSection($"Mirror age: {age}. An unplanned failover now would lose mail received since then."),
                    new ChatSection(NextStep(run)),
                ],
                []),
        };
        AlertLog.Raised(logger, kind, Problem, message.Title);
        await poster.PostAsync(message, cancellationToken);
        pager.Page(kind, Problem, run.Source.ToString(), $"{message.Title}: {run.Verdict}: {run.Message}. Mirror age: {age}.", string.Join('\n', message.Sections.Select(s => s.Text)));
    }

    private static string NextStep(MirrorRun run) => run.Outcome switch
    {
        RsyncAuthFailed => "What to do: the rsync password on the standby does not match the module's secrets file on the active node; fix it, then '/mail mirror run'.",
        StoreFull full => $"What to do: free space on {full.Node}'s store file system (df there), then '/mail mirror run'. The run deleted nothing ({full.Node} deletes only after a complete transfer): {full.Node} keeps its last copy, older every interval until then.",
        MaxDeleteReached => "What to do: the active node's store lost many files. Check it before anything else; do not fail over to a node whose store you have not checked.",
        SentinelMissing or FileCountDropped => "What to do: the active node's store looks unmounted or emptied. Check the mount and the store; the standby kept its copy.",
        MirrorPaused => "What to do: set the mirror direction with '/mail mirror resume' once the stores are checked.",
        PullStillRunning running => $"What to do: usually nothing: the earlier pull ends by itself and the next run retries. Check that every MailHa instance is up. If that pull hangs (a dead mirror link), kill it on {running.Node} by the PID named above, then '/mail mirror run'.",
        _ => "What to do: check the mirror network and both nodes ('/mail status'), then '/mail mirror run'.",
    };
}
