using MailHa.Bot.Approvals;
using MailHa.Operations.Mirror;
using MailHa.Operations.Topology;
using Prometheus;

namespace MailHa.Bot.Monitoring;

/// <summary>
/// Metrics read when Prometheus scrapes, because they must be true then whichever instance did the work and
/// however long ago this process started: the mirror's last-good age (it grows between runs), its last outcome,
/// duration and bytes from the journal, and the approvals waiting.
/// </summary>
public sealed class ScrapedMetrics
{
    private readonly MirrorHistory _history;
    private readonly MailTopology _topology;
    private readonly ApprovalService _approvals;
    private readonly TimeProvider _time;
    private readonly ILogger<ScrapedMetrics> _logger;
    private readonly Gauge _lastGoodAge;
    private readonly Gauge _lastGood;
    private readonly Gauge _lastOutcome;
    private readonly Gauge _lastDuration;
    private readonly Gauge _lastBytes;
    private readonly Gauge _approvalsPending;

    public ScrapedMetrics(MailHaMetrics metrics, MirrorHistory history, MailTopology topology, ApprovalService approvals, TimeProvider time, ILogger<ScrapedMetrics> logger)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _history = history;
        _topology = topology;
        _approvals = approvals;
        _time = time;
        _logger = logger;
        var factory = Metrics.WithCustomRegistry(metrics.Registry);
        var observed = new GaugeConfiguration { SuppressInitialValue = true };
        _lastGoodAge = factory.CreateGauge("mailha_mirror_last_good_age_seconds",
            "Age of the service's standby copy: seconds since its last good mirror run started (since the Unix epoch when none ever succeeded).", MailHaMetrics.Labelled("service"));
        _lastGood = factory.CreateGauge("mailha_mirror_last_good_timestamp_seconds",
            "When the service's last good mirror run started (Unix time; 0 when none ever succeeded).", MailHaMetrics.Labelled("service"));
        _lastOutcome = factory.CreateGauge("mailha_mirror_last_outcome", "1 for the outcome of the service's last recorded mirror run, 0 for the others.", ["service", "outcome"]);
        _lastDuration = factory.CreateGauge("mailha_mirror_last_duration_seconds", "Duration of the service's last recorded mirror run.", MailHaMetrics.Labelled("service"));
        _lastBytes = factory.CreateGauge("mailha_mirror_last_bytes_received", "Bytes the standby received in the service's last recorded mirror run.", MailHaMetrics.Labelled("service"));
        _approvalsPending = factory.CreateGauge("mailha_approvals_pending", "Requests waiting for an approver.");
        metrics.Registry.AddBeforeCollectCallback(RefreshAsync);
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        _approvalsPending.Set((await _approvals.PendingAsync(cancellationToken)).Count);
        try
        {
            foreach (var service in _topology.Services)
            {
                await RefreshAsync(service.Name, cancellationToken);
            }
        }
#pragma warning disable CA1031 // A journal that does not answer must not break the scrape: readiness reports it; the other metrics still serve.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            MonitoringLog.RefreshFailed(_logger, e);
        }
    }

    private async Task RefreshAsync(ServiceName service, CancellationToken cancellationToken)
    {
        var label = service.ToString();
        var lastGood = await _history.LastGoodAsync(service, cancellationToken);
        var since = lastGood?.StartedAt ?? DateTimeOffset.UnixEpoch;
        _lastGood.WithLabels(label).Set(since.ToUnixTimeMilliseconds() / 1000.0);
        _lastGoodAge.WithLabels(label).Set((_time.GetUtcNow() - since).TotalSeconds);
        if (await _history.LastAsync(service, cancellationToken) is { } last)
        {
            foreach (var outcome in Enum.GetValues<MirrorVerdict>())
            {
                _lastOutcome.WithLabels(label, MailHaMetrics.Label(outcome)).Set(outcome == last.Verdict ? 1 : 0);
            }

            _lastDuration.WithLabels(label).Set(last.Duration.TotalSeconds);
            _lastBytes.WithLabels(label).Set(last.Stats?.BytesReceived ?? 0);
        }
    }
}
