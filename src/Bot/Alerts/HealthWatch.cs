using MailHa.Bot.Chat;
using MailHa.Bot.Paging;
using MailHa.Operations.Journal;
using MailHa.Operations.Ldap;
using MailHa.Operations.Mirror;
using MailHa.Operations.Reporting;
using MailHa.Operations.Status;
using MailHa.Operations.Vip;

namespace MailHa.Bot.Alerts;

/// <summary>
/// Looks for split brain, MAIL DOWN (nobody holds the VIP) and broken directory replication, and alerts like the mirror
/// does (streak, reminders, recovery), paging each streak once. MAIL DOWN is not raised while an operation holds the
/// lease (it takes the VIP down and up on purpose); an interrupted one is alerted as such.
/// </summary>
public sealed class HealthWatch(
    VipLocator vip,
    OperationLock operationLock,
    ReplicationChecker replication,
    AlertTracker tracker,
    AlertPoster poster,
    Pager pager,
    IEnumerable<IReportObserver<HealthWatchReport>> observers,
    TimeProvider time,
    ILogger<HealthWatch> logger)
{
    public const string RecurringJobId = "mailha-health";

    /// <summary>The alert streak of nobody holding the VIP.</summary>
    public const string MailDown = "mail-down";

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var vipReport = await vip.LocateAsync(cancellationToken);
        await ObserveAsync("split-brain", vipReport.Verdict == VipVerdict.SplitBrain,
            "🚨 SPLIT BRAIN: both nodes hold the VIP", vipReport.Summary + " What to do: take the VIP down on the node that should not serve (see the runbook), then '/mail status'.",
            "✅ Split brain over", vipReport.Summary, cancellationToken);
        // While an operation moves the VIP, nobody holds it for a moment by design: its progress message tells that story.
        var moving = await operationLock.GetAsync(cancellationToken) is { Kind: not MirrorRunner.LeaseKind };
        await ObserveAsync(MailDown, vipReport.Verdict == VipVerdict.Nobody && !moving,
            "🚨 MAIL DOWN: nobody holds the VIP", vipReport.Summary + " What to do: '/mail status'; if an operation was interrupted, resume it; otherwise raise the VIP on the active node (see the runbook).",
            "✅ Mail answers on the VIP again", vipReport.Summary, cancellationToken);

        var report = await replication.CheckAsync(cancellationToken);
        var summary = string.Join("; ", report.Suffixes.Select(s => s.Describe()));
        await ObserveAsync("replication", report.State == ReplicationState.Broken,
            "🚨 Directory replication BROKEN", summary + ". What to do: check both directory servers and their replication agreements; a failover now may lose account changes.",
            "✅ Directory replication recovered", summary, cancellationToken);
        await observers.NotifyAsync(new HealthWatchReport(vipReport, report), time.GetElapsedTime(started), cancellationToken);
    }

    private async Task ObserveAsync(string problem, bool bad, string alertTitle, string alertText, string recoveryTitle, string recoveryText, CancellationToken cancellationToken)
    {
        var kind = await tracker.ObserveAsync(problem, bad, cancellationToken);
        if (kind == AlertKind.None)
        {
            return;
        }

        var message = kind == AlertKind.Recovery
            ? ChatMessage.Text(recoveryTitle, recoveryText)
            : ChatMessage.Text(kind == AlertKind.Reminder ? $"⏰ Still: {alertTitle}" : alertTitle, alertText);
        AlertLog.Raised(logger, kind, problem, message.Title);
        await poster.PostAsync(message, cancellationToken);
        pager.Page(kind, problem, "mailha", $"{message.Title}: {alertText}");
    }
}
