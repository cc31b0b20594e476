using MailHa.Bot.Alerts;
using MailHa.Bot.Approvals;
using MailHa.Operations.Failover;
using MailHa.Operations.Ldap;
using MailHa.Operations.Mirror;
using MailHa.Operations.Status;
using MailHa.Operations.Vip;
using Prometheus;

namespace MailHa.Bot.Monitoring;

/// <summary>
/// MailHa's Prometheus metrics, on a registry of this host's own, and what feeds them. Events (mirror runs,
/// status, health watches, operations) arrive through the observer ports; state that must be true at scrape time
/// whichever instance ran the work and however long ago the process started (the mirror's last-good age, the
/// last outcome, pending approvals) is read from the journal and the approvals when Prometheus scrapes.
/// </summary>
public sealed class MailHaMetrics
    : IMirrorObserver, IReportObserver<StatusReport>, IReportObserver<HealthWatchReport>, IReportObserver<FailoverReport>
{
    private readonly MirrorHistory _history;
    private readonly ApprovalService _approvals;
    private readonly TimeProvider _time;
    private readonly ILogger<MailHaMetrics> _logger;

    private readonly Gauge _mirrorLastGoodAge;
    private readonly Gauge _mirrorLastOutcome;
    private readonly Gauge _mirrorLastDuration;
    private readonly Gauge _mirrorLastBytes;
    private readonly Counter _mirrorRuns;
    private readonly Histogram _mirrorDuration;
    private readonly Counter _mirrorBytes;
    private readonly Gauge _replicationLag;
    private readonly Gauge _replicationBroken;
    private readonly Gauge _vipHolders;
    private readonly Gauge _healthWatchLast;
    private readonly Counter _operations;
    private readonly Gauge _approvalsPending;
    private readonly Histogram _statusDuration;

    public MailHaMetrics(MirrorHistory history, ApprovalService approvals, TimeProvider time, ILogger<MailHaMetrics> logger)
    {
        _history = history;
        _approvals = approvals;
        _time = time;
        _logger = logger;
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        var observed = new GaugeConfiguration { SuppressInitialValue = true };

        _mirrorLastGoodAge = factory.CreateGauge("mailha_mirror_last_good_age_seconds",
            "Age of the standby's copy: seconds since the last good mirror run started (+Inf when none ever succeeded).", observed);
        _mirrorLastOutcome = factory.CreateGauge("mailha_mirror_last_outcome",
            "1 for the outcome of the last recorded mirror run, 0 for the others.", ["outcome"]);
        _mirrorLastDuration = factory.CreateGauge("mailha_mirror_last_duration_seconds", "Duration of the last recorded mirror run.", observed);
        _mirrorLastBytes = factory.CreateGauge("mailha_mirror_last_bytes_received", "Bytes the standby received in the last recorded mirror run.", observed);
        _mirrorRuns = factory.CreateCounter("mailha_mirror_runs_total", "Mirror runs recorded by this instance, by outcome.", ["outcome"]);
        _mirrorDuration = factory.CreateHistogram("mailha_mirror_run_duration_seconds", "Duration of the mirror runs recorded by this instance.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(1, 2, 12) });
        _mirrorBytes = factory.CreateCounter("mailha_mirror_bytes_received_total", "Bytes the standby received in mirror runs recorded by this instance.");

        _replicationLag = factory.CreateGauge("mailha_directory_replication_lag_seconds",
            "Directory replication lag per replicated suffix at the last check (0 in sync; unknown while broken).", ["suffix"]);
        _replicationBroken = factory.CreateGauge("mailha_directory_replication_broken",
            "1 when replication of the suffix was broken at the last check.", ["suffix"]);
        _vipHolders = factory.CreateGauge("mailha_vip_holders",
            "Nodes that said they hold the VIP at the last look (1 normal, 0 mail down, 2 split brain).", observed);
        _healthWatchLast = factory.CreateGauge("mailha_health_watch_last_run_timestamp_seconds",
            "When this instance's health watch last completed (Unix time).", observed);

        _operations = factory.CreateCounter("mailha_operations_total", "Failovers, switchovers and failbacks by kind and outcome.", ["kind", "outcome"]);
        foreach (var kind in Enum.GetValues<OperationKind>())
        {
            foreach (var outcome in Enum.GetValues<FailoverOutcome>())
            {
                _operations.WithLabels(Label(kind), Label(outcome));
            }
        }

        _approvalsPending = factory.CreateGauge("mailha_approvals_pending", "Requests waiting for an approver.");
        _statusDuration = factory.CreateHistogram("mailha_status_duration_seconds", "Time to gather one status report.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.05, 2, 10) });

        Registry.AddBeforeCollectCallback(RefreshAsync);
    }

    /// <summary>What <c>/metrics</c> serves.</summary>
    public CollectorRegistry Registry { get; }

    public Task OnRunCompletedAsync(MirrorRunCompleted completed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completed);
        var run = completed.Run;
        _mirrorRuns.WithLabels(Label(run.Outcome)).Inc();
        _mirrorDuration.Observe(run.Duration.TotalSeconds);
        _mirrorBytes.Inc(run.Stats?.BytesReceived ?? 0);
        return Task.CompletedTask;
    }

    public Task OnReportAsync(StatusReport report, TimeSpan took, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        _statusDuration.Observe(took.TotalSeconds);
        Observe(report.Vip);
        Observe(report.Replication);
        return Task.CompletedTask;
    }

    public Task OnReportAsync(HealthWatchReport report, TimeSpan took, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        Observe(report.Vip);
        Observe(report.Replication);
        _healthWatchLast.Set(_time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0);
        return Task.CompletedTask;
    }

    public Task OnReportAsync(FailoverReport report, TimeSpan took, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        _operations.WithLabels(Label(report.Kind), Label(report.Outcome)).Inc();
        return Task.CompletedTask;
    }

    private void Observe(VipReport? vip)
    {
        // Only what the nodes said for themselves: an unknown view is neither counted nor guessed.
        if (vip is not null && vip.Nodes.Any(n => n.Holds is not null))
        {
            _vipHolders.Set(vip.Nodes.Count(n => n.Holds == true));
        }
    }

    private void Observe(ReplicationReport? replication)
    {
        foreach (var suffix in replication?.Suffixes ?? [])
        {
            var lag = suffix switch
            {
                InSync inSync => inSync.Lag.TotalSeconds,
                Lagging lagging => lagging.By.TotalSeconds,
                _ => double.NaN,
            };
            _replicationLag.WithLabels(suffix.Suffix).Set(lag);
            _replicationBroken.WithLabels(suffix.Suffix).Set(suffix is Broken ? 1 : 0);
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        _approvalsPending.Set(_approvals.Pending().Count);
        try
        {
            var lastGood = await _history.LastGoodAsync(cancellationToken);
            _mirrorLastGoodAge.Set(lastGood is null ? double.PositiveInfinity : (_time.GetUtcNow() - lastGood.StartedAt).TotalSeconds);
            if (await _history.LastAsync(cancellationToken) is { } last)
            {
                foreach (var outcome in Enum.GetValues<MirrorOutcome>())
                {
                    _mirrorLastOutcome.WithLabels(Label(outcome)).Set(outcome == last.Outcome ? 1 : 0);
                }

                _mirrorLastDuration.Set(last.Duration.TotalSeconds);
                _mirrorLastBytes.Set(last.Stats?.BytesReceived ?? 0);
            }
        }
#pragma warning disable CA1031 // A journal that does not answer must not break the scrape: readiness reports it; the other metrics still serve.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            MonitoringLog.RefreshFailed(_logger, e);
        }
    }

    private static string Label<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();
}
