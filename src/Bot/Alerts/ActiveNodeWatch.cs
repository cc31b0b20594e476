using MailHa.Bot.Chat;
using MailHa.Bot.Paging;
using MailHa.Operations.Liveness;
using MailHa.Operations.Reporting;
using MailHa.Operations.Status;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Alerts;

/// <summary>
/// Every <c>WatchInterval</c>, on the leader: one liveness sample of both nodes, judged with hysteresis
/// (<c>DownAfter</c>). The active node down with a healthy standby becomes a <see cref="FailoverProposal"/>; neither
/// node visible is its own alert (MailHa's own network, never "primary down"); the active node down with an unhealthy
/// standby is alerted without a proposal.
/// </summary>
public sealed class ActiveNodeWatch(
    LivenessProbe probe,
    MailTopology topology,
    DownDetector detector,
    FailoverProposal proposal,
    AlertTracker tracker,
    AlertPoster poster,
    Pager pager,
    IEnumerable<IReportObserver<LivenessVerdict>> observers,
    IOptions<AlertOptions> options,
    TimeProvider time,
    ILogger<ActiveNodeWatch> logger)
{
    public async Task<LivenessVerdict> CheckAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        // The first service's nodes (the one pair's, when there is one); every service's own watch is still to come.
        var sample = await probe.SampleAsync(topology.Services[0], cancellationToken);
        var verdict = detector.Observe(sample, options.Value.DownAfter);
        await ObserveAsync("neither-node", verdict is NeitherVisible, verdict, "mailha",
            "🚨 MailHa cannot see either node",
            "No view of either node answers (SSH, SMTP, VIP, directory). This is most likely MailHa's own network, not both nodes: "
                + "check from another host. No failover is proposed.",
            "✅ MailHa sees the nodes again",
            cancellationToken);
        await ObserveAsync("active-down-standby-unhealthy", verdict is ActiveDownStandbyUnhealthy, verdict, sample.Active.ToString(),
            $"🚨 {sample.Active} (active) is DOWN and {sample.Standby} (standby) is not healthy",
            $"No failover is proposed: {sample.Standby} could not take over. Check both nodes ('/mail status').",
            $"✅ {sample.Active} (active) or its standby answers again",
            cancellationToken);
        await proposal.ObserveAsync(verdict, cancellationToken);
        await observers.NotifyAsync(verdict, time.GetElapsedTime(started), cancellationToken);
        return verdict;
    }

    private async Task ObserveAsync(string problem, bool bad, LivenessVerdict verdict, string source, string alertTitle, string alertText, string recoveryTitle, CancellationToken cancellationToken)
    {
        var kind = await tracker.ObserveAsync(problem, bad, cancellationToken);
        if (kind == AlertKind.None)
        {
            return;
        }

        var views = string.Join('\n', verdict.Sample.Views.Select(v => v.Describe()));
        var message = kind == AlertKind.Recovery
            ? ChatMessage.Text(recoveryTitle, verdict.Describe())
            : new ChatMessage(kind == AlertKind.Reminder ? $"⏰ Still: {alertTitle}" : alertTitle, [new(alertText), new(views, Monospace: true)], []);
        AlertLog.Raised(logger, kind, problem, message.Title);
        await poster.PostAsync(message, cancellationToken);
        pager.Page(kind, problem, source, $"{message.Title}: {alertText}", views);
    }
}
