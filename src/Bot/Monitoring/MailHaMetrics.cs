using MailHa.Bot.Alerts;
using MailHa.Bot.Pipeline;
using MailHa.Operations.Failover;
using MailHa.Operations.Ldap;
using MailHa.Operations.Mirror;
using MailHa.Operations.Mirror.Continuous;
using MailHa.Operations.Reporting;
using MailHa.Operations.Status;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;
using Prometheus;

namespace MailHa.Bot.Monitoring;

/// <summary>
/// MailHa's Prometheus registry (one per host) and the metrics fed by events: mirror runs, status reports,
/// health watches and operations arrive through the observer ports. What must be true at scrape time is
/// read by <see cref="ScrapedMetrics"/>.
/// </summary>
public sealed class MailHaMetrics
    : IMirrorObserver, IReportObserver<MirrorLagMeasured>, IReportObserver<StatusReport>, IReportObserver<HealthWatchReport>, IReportObserver<FailoverReport>, IReportObserver<ChatRequestHandled>,
      IReportObserver<AlertRaised>
{
    private readonly TimeProvider _time;

    private readonly Counter _mirrorRuns;
    private readonly Histogram _mirrorDuration;
    private readonly Counter _mirrorBytes;
    private readonly Gauge _mirrorLag;
    private readonly Gauge _mirrorLagMeasured;
    private readonly Gauge _replicationLag;
    private readonly Gauge _replicationBroken;
    private readonly Gauge _vipHolders;
    private readonly Gauge _vipObserved;
    private readonly Gauge _replicationChecked;
    private readonly Gauge _healthWatchLast;
    private readonly Counter _operations;
    private readonly Histogram _statusDuration;
    private readonly Counter _chatRequests;
    private readonly Counter _alerts;

    public MailHaMetrics(TimeProvider time, MailTopology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        _time = time;
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        var observed = new GaugeConfiguration { SuppressInitialValue = true };

        _mirrorRuns = factory.CreateCounter("mailha_mirror_runs_total", "Mirror runs recorded by this instance, by service and outcome.", ["service", "outcome"]);
        _mirrorDuration = factory.CreateHistogram("mailha_mirror_run_duration_seconds", "Duration of the mirror runs recorded by this instance, by service.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(1, 2, 12), LabelNames = ["service"] });
        _mirrorBytes = factory.CreateCounter("mailha_mirror_bytes_received_total", "Bytes the standby received in mirror runs recorded by this instance, by service.", ["service"]);

        _mirrorLag = factory.CreateGauge("mailha_mirror_lag_seconds",
            "Continuous mirror: age of the heartbeat on the standby's copy at the last measurement by this instance (about the mail an unplanned failover loses), by service; absent until measured.", Labelled("service"));
        _mirrorLagMeasured = factory.CreateGauge("mailha_mirror_lag_measured_timestamp_seconds",
            "When this instance last measured the continuous mirror's lag (Unix time), by service; only the leader measures.", Labelled("service"));
        _replicationLag = factory.CreateGauge("mailha_directory_replication_lag_seconds",
            "Directory replication lag per pair of directories and replicated suffix at the last check (0 in sync; unknown while broken).", ["pair", "suffix"]);
        _replicationBroken = factory.CreateGauge("mailha_directory_replication_broken",
            "1 when replication of the suffix between the pair was broken at the last check.", ["pair", "suffix"]);
        _vipHolders = factory.CreateGauge("mailha_vip_holders",
            "Nodes that said they hold the service's VIP at the last look (1 normal, 0 mail down, 2 split brain).", Labelled("service"));
        _vipObserved = factory.CreateGauge("mailha_vip_observed_timestamp_seconds",
            "When this instance last learned who holds the service's VIP (Unix time): rules ignore an instance's stale view.", Labelled("service"));
        _replicationChecked = factory.CreateGauge("mailha_directory_replication_checked_timestamp_seconds",
            "When this instance last checked directory replication (Unix time).", observed);
        _healthWatchLast = factory.CreateGauge("mailha_health_watch_last_run_timestamp_seconds",
            "When this instance's health watch last completed (Unix time).", observed);

        // Every service's series at 0 from the first scrape, so increase() sees a service's first failure. At scrape
        // time, not here: the registry is built before the configuration's services may be read.
        _operations = factory.CreateCounter("mailha_operations_total", "Failovers, switchovers and failbacks by service, kind and outcome.", ["service", "kind", "outcome"]);
        Registry.AddBeforeCollectCallback(() =>
        {
            foreach (var service in topology.Services)
            {
                foreach (var kind in Enum.GetValues<OperationKind>())
                {
                    foreach (var outcome in Enum.GetValues<FailoverOutcome>())
                    {
                        _operations.WithLabels(service.Name.ToString(), Label(kind), Label(outcome));
                    }
                }
            }
        });

        // What the process keeps alive, as opposed to what it holds: a server GC grows its heaps lazily (budgets for new
        // objects, per core, adapted to load), so resident memory says little about a leak; the survivors of the last
        // full collection do. A long soak compares these (docs/benchmarks-soak.md).
        var liveBytes = factory.CreateGauge("mailha_process_gc_live_bytes",
            "Bytes the last full (gen2) garbage collection of this process found alive; 0 before the first.", observed);
        var fullCollections = factory.CreateGauge("mailha_process_gc_full_collections",
            "Full (gen2) garbage collections of this process since it started.", observed);
        var resident = factory.CreateGauge("mailha_process_resident_bytes", "Resident memory of this process (its working set).", observed);
        Registry.AddBeforeCollectCallback(() =>
        {
            var blocking = GC.GetGCMemoryInfo(GCKind.FullBlocking);
            var background = GC.GetGCMemoryInfo(GCKind.Background);
            liveBytes.Set((blocking.Index >= background.Index ? blocking : background).PromotedBytes);
            fullCollections.Set(GC.CollectionCount(2));
            resident.Set(Environment.WorkingSet);
        });

        _alerts = factory.CreateCounter("mailha_alerts_total", "Alerts this instance raised in the alert channels, by alert and kind (alert, reminder, recovery).", ["alert", "kind"]);
        _chatRequests = factory.CreateCounter("mailha_chat_requests_total", "Chat requests (commands and clicks) answered by this instance, by channel and outcome.", ["channel", "outcome"]);
        _statusDuration = factory.CreateHistogram("mailha_status_duration_seconds", "Time to gather one status report.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.05, 2, 10) });
    }

    /// <summary>What <c>/metrics</c> serves.</summary>
    public CollectorRegistry Registry { get; }

    public Task OnRunCompletedAsync(MirrorRunCompleted completed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completed);
        var run = completed.Run;
        var service = run.Service.ToString();
        _mirrorRuns.WithLabels(service, Label(run.Verdict)).Inc();
        _mirrorDuration.WithLabels(service).Observe(run.Duration.TotalSeconds);
        _mirrorBytes.WithLabels(service).Inc(run.Stats?.BytesReceived ?? 0);
        return Task.CompletedTask;
    }

    public Task OnReportAsync(MirrorLagMeasured report, TimeSpan took, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var service = report.Service.ToString();
        _mirrorLagMeasured.WithLabels(service).Set(Now());
        if (report.Lag is { } lag)
        {
            _mirrorLag.WithLabels(service).Set(lag.TotalSeconds);
        }
        else
        {
            // No heartbeat reached the standby's copy: unknown, not zero.
            _mirrorLag.WithLabels(service).Unpublish();
        }

        return Task.CompletedTask;
    }

    public Task OnReportAsync(StatusReport report, TimeSpan took, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        _statusDuration.Observe(took.TotalSeconds);
        foreach (var service in report.Services)
        {
            Observe(service.Service, service.Vip);
        }

        Observe(report.Replication);
        return Task.CompletedTask;
    }

    public Task OnReportAsync(HealthWatchReport report, TimeSpan took, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        foreach (var service in report.Vips)
        {
            Observe(service.Service, service.Vip);
        }

        Observe(report.Replication);
        _healthWatchLast.Set(Now());
        return Task.CompletedTask;
    }

    public Task OnReportAsync(FailoverReport report, TimeSpan took, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        _operations.WithLabels(report.Service.ToString(), Label(report.Kind), Label(report.Outcome)).Inc();
        return Task.CompletedTask;
    }

    public Task OnReportAsync(ChatRequestHandled report, TimeSpan took, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        _chatRequests.WithLabels(Label(report.Channel), Label(report.Outcome)).Inc();
        return Task.CompletedTask;
    }

    public Task OnReportAsync(AlertRaised report, TimeSpan took, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var name = report.Alert.GetType().Name;
        _alerts.WithLabels(string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? $"_{char.ToLowerInvariant(c)}" : $"{char.ToLowerInvariant(c)}")), Label(report.Kind)).Inc();
        return Task.CompletedTask;
    }

    private void Observe(ServiceName service, VipReport? vip)
    {
        // Only what the nodes said for themselves: an unknown view is neither counted nor guessed.
        if (vip is not null && vip.Nodes.Any(n => n.Holds is not null))
        {
            _vipHolders.WithLabels(service.ToString()).Set(vip.Nodes.Count(n => n.Holds == true));
            _vipObserved.WithLabels(service.ToString()).Set(Now());
        }
    }

    private void Observe(ReplicationReport? replication)
    {
        if (replication is null)
        {
            return;
        }

        _replicationChecked.Set(Now());
        // Each pair its own series: with several pairs one suffix is checked once per pair.
        foreach (var pair in replication.Pairs)
        {
            var between = pair.Pair.ToString();
            foreach (var suffix in pair.Suffixes)
            {
                var lag = suffix switch
                {
                    InSync inSync => inSync.Lag.TotalSeconds,
                    Lagging lagging => lagging.By.TotalSeconds,
                    _ => double.NaN,
                };
                _replicationLag.WithLabels(between, suffix.Suffix).Set(lag);
                _replicationBroken.WithLabels(between, suffix.Suffix).Set(suffix is Broken ? 1 : 0);
            }
        }
    }

    /// <summary>A gauge with <paramref name="labels"/>, absent until first set (no series for a service never observed).</summary>
    internal static GaugeConfiguration Labelled(params string[] labels) => new() { SuppressInitialValue = true, LabelNames = labels };

    private double Now() => _time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;

    internal static string Label<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();
}
