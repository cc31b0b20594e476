using MailHa.Bot.Chat;
using MailHa.Bot.Paging;
using MailHa.Operations.Journal;
using MailHa.Operations.Ldap;
using MailHa.Operations.Mirror;
using MailHa.Operations.Reporting;
using MailHa.Operations.Status;
using MailHa.Operations.Vip;
using MailHa.Operations.Topology;

namespace MailHa.Bot.Alerts;

/// <summary>
/// Looks for split brain, MAIL DOWN (nobody holds the VIP) and broken directory replication, and alerts like the mirror
/// does (streak, reminders, recovery), paging each streak once. MAIL DOWN is not raised while an operation holds the
/// lease (it takes the VIP down and up on purpose); an interrupted one is alerted as such.
/// </summary>
public sealed class HealthWatch(
    VipLocator vip,
    OperationLock operationLock,
    MailTopology topology,
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
        // Per VIP: every service's at once, each its own alert streak (the first service keeps the one pair's keys).
        var vipReports = await Task.WhenAll(topology.Services.Select(s => vip.LocateAsync(s, cancellationToken)));
        var one = topology.Services.Count == 1;
        for (var i = 0; i < vipReports.Length; i++)
        {
            var (service, vipReport) = (topology.Services[i], vipReports[i]);
            await ObserveAsync(i == 0 ? "split-brain" : $"split-brain:{service.Name}", vipReport.Verdict == VipVerdict.SplitBrain,
                one ? "🚨 SPLIT BRAIN: both nodes hold the VIP" : $"🚨 SPLIT BRAIN on {service.Name}: several nodes hold its VIP {service.Vip.Address}",
                vipReport.Summary + " What to do: take the VIP down on the node that should not serve (see the runbook), then '/mail status'.",
                one ? "✅ Split brain over" : $"✅ Split brain on {service.Name} over", vipReport.Summary, cancellationToken);

            // While an operation moves the VIP, nobody holds it for a moment by design: its progress message tells that story.
            var moving = await operationLock.GetAsync(service.Name, cancellationToken) is { Kind: not MirrorRunner.LeaseKind };
            await ObserveAsync(i == 0 ? MailDown : $"{MailDown}:{service.Name}", vipReport.Verdict == VipVerdict.Nobody && !moving,
                one ? "🚨 MAIL DOWN: nobody holds the VIP" : $"🚨 MAIL DOWN on {service.Name}: nobody holds its VIP {service.Vip.Address}",
                vipReport.Summary + " What to do: '/mail status'; if an operation was interrupted, resume it; otherwise raise the VIP on the active node (see the runbook).",
                one ? "✅ Mail answers on the VIP again" : $"✅ Mail answers on {service.Name}'s VIP again", vipReport.Summary, cancellationToken);
        }

        var report = await replication.CheckAsync(cancellationToken);
        var summary = string.Join("; ", report.Suffixes.Select(s => s.Describe()));
        await ObserveAsync("replication", report.State == ReplicationState.Broken,
            "🚨 Directory replication BROKEN", summary + ". What to do: check both directory servers and their replication agreements; a failover now may lose account changes.",
            "✅ Directory replication recovered", summary, cancellationToken);
        await observers.NotifyAsync(new HealthWatchReport([.. topology.Services.Select((s, i) => new ServiceVip(s.Name, vipReports[i]))], report), time.GetElapsedTime(started), cancellationToken);
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
