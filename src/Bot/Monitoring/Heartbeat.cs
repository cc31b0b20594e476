using System.Threading.Channels;
using MailHa.Bot.Alerts;
using MailHa.Operations.Mirror;
using MailHa.Operations.Reporting;
using MailHa.Operations.Status;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Monitoring;

/// <summary>
/// Fetches the configured dead man's switch URL after each mirror run and each health watch, so an outside
/// service notices when MailHa falls silent (crashed, hung, its scheduler stopped). Pings go out in the
/// background: a slow heartbeat service never delays a mirror run or a watch. The URL is a bearer capability
/// and is never logged, neither here nor by the HTTP client (its loggers are removed).
/// </summary>
public sealed class Heartbeat(IHttpClientFactory clients, IOptions<MonitoringOptions> options, ILogger<Heartbeat> logger)
    : BackgroundService, IMirrorObserver, IReportObserver<HealthWatchReport>
{
    public const string HttpClientName = "mailha-heartbeat";

    // One pending beat is enough: a ping says "alive now", a queue of them says nothing more.
    private readonly Channel<string> _beats = Channel.CreateBounded<string>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });

    public Task OnRunCompletedAsync(MirrorRunCompleted completed, CancellationToken cancellationToken) => Beat("mirror run");

    public Task OnReportAsync(HealthWatchReport report, TimeSpan took, CancellationToken cancellationToken) => Beat("health watch");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var trigger in _beats.Reader.ReadAllAsync(stoppingToken))
        {
            // Read on every beat: a rotated URL is picked up without a restart.
            if (MonitoringOptionsValidator.Resolve(options.Value.HeartbeatUrl) is { } url)
            {
                await PingAsync(url, trigger, stoppingToken);
            }
        }
    }

    private Task Beat(string trigger)
    {
        if (!string.IsNullOrWhiteSpace(options.Value.HeartbeatUrl))
        {
            _beats.Writer.TryWrite(trigger);
        }

        return Task.CompletedTask;
    }

    private async Task PingAsync(Uri url, string trigger, CancellationToken stoppingToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        deadline.CancelAfter(options.Value.HeartbeatTimeout);
        try
        {
            using var client = clients.CreateClient(HttpClientName);
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (response.IsSuccessStatusCode)
            {
                MonitoringLog.HeartbeatSent(logger, trigger, (int)response.StatusCode);
            }
            else
            {
                MonitoringLog.HeartbeatRefused(logger, trigger, (int)response.StatusCode);
            }
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            MonitoringLog.HeartbeatFailed(logger, trigger, $"no answer within {options.Value.HeartbeatTimeout.TotalSeconds:0.#}s");
        }
        catch (HttpRequestException e)
        {
            // The error kind only: an exception's message can name the URL.
            MonitoringLog.HeartbeatFailed(logger, trigger, e.HttpRequestError.ToString());
        }
    }
}
