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
    IEnumerable<IReportObserver<HealthWatchReport>> observers,
    TimeProvider time)
{
    public const string RecurringJobId = "mailha-health";

    /// <summary>The alert streak of nobody holding the VIP.</summary>
    public const string MailDownStreak = "mail-down";

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        // Per VIP: every service's at once, each its own alert streak (the first service keeps the one pair's keys).
        var vipReports = await Task.WhenAll(topology.Services.Select(s => vip.LocateAsync(s, cancellationToken)));
        var one = topology.Services.Count == 1;
        for (var i = 0; i < vipReports.Length; i++)
        {
            var (service, vipReport) = (topology.Services[i], vipReports[i]);
            var named = one ? (ServiceName?)null : service.Name;
            await ObserveAsync(new SplitBrain(i == 0 ? "split-brain" : $"split-brain:{service.Name}", named, service.Vip.Address, vipReport), vipReport.Verdict == VipVerdict.SplitBrain, cancellationToken);

            // While an operation moves the VIP, nobody holds it for a moment by design: its progress message tells that story.
            var moving = await operationLock.GetAsync(service.Name, cancellationToken) is { Kind: not MirrorRunner.LeaseKind };
            await ObserveAsync(new MailDown(i == 0 ? MailDownStreak : $"{MailDownStreak}:{service.Name}", named, service.Vip.Address, vipReport), vipReport.Verdict == VipVerdict.Nobody && !moving, cancellationToken);
        }

        var report = await replication.CheckAsync(cancellationToken);
        await ObserveAsync(new DirectoryReplicationBroken(report), report.State == ReplicationState.Broken, cancellationToken);
        await observers.NotifyAsync(new HealthWatchReport([.. topology.Services.Select((s, i) => new ServiceVip(s.Name, vipReports[i]))], report), time.GetElapsedTime(started), cancellationToken);
    }

    private async Task ObserveAsync(Alert alert, bool bad, CancellationToken cancellationToken)
    {
        var kind = await tracker.ObserveAsync(alert.Streak, bad, cancellationToken);
        if (kind != AlertKind.None)
        {
            await poster.RaiseAsync(alert, kind, cancellationToken);
        }
    }
}
