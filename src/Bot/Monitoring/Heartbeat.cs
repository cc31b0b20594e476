using System.Threading.Channels;
using MailHa.Bot.Alerts;
using MailHa.Operations.Audit;
using MailHa.Operations.Mirror;
using MailHa.Operations.Reporting;
using MailHa.Operations.Status;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Monitoring;

/// <summary>
/// Fetches the configured dead man's switch URL after each mirror run and each health watch, so an outside
/// service notices when MailHa falls silent (crashed, hung, its scheduler stopped). Pings go out in the
/// background: a slow heartbeat service never delays a mirror run or a watch. The URL is a bearer capability
/// and is never logged, neither here nor by the HTTP client (its loggers are removed). Each ping carries the audit
/// chain's head in the <see cref="AuditHeadHeader"/> header (<c>SEQ:HASH</c>), one more copy kept outside the database.
/// </summary>
public sealed class Heartbeat(IHttpClientFactory clients, AuditLog audit, IOptions<MonitoringOptions> options, ILogger<Heartbeat> logger)
    : BackgroundService, IMirrorObserver, IReportObserver<HealthWatchReport>
{
    public const string HttpClientName = "mailha-heartbeat";

    /// <summary>The request header that carries the audit chain's head (absent while the trail is empty or unreadable).</summary>
    public const string AuditHeadHeader = "MailHa-Audit-Head";

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

    /// <summary>The chain's head, or null: a journal that cannot be read must not stop the ping that says MailHa is alive.</summary>
    private async Task<AuditHead?> HeadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await audit.HeadAsync(cancellationToken);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or IOException)
        {
            MonitoringLog.HeartbeatWithoutHead(logger, e.GetType().Name);
            return null;
        }
    }

    private async Task PingAsync(Uri url, string trigger, CancellationToken stoppingToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        deadline.CancelAfter(options.Value.HeartbeatTimeout);
        try
        {
            using var client = clients.CreateClient(HttpClientName);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (await HeadAsync(deadline.Token) is { } head)
            {
                request.Headers.Add(AuditHeadHeader, head.ToString());
            }

            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
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
