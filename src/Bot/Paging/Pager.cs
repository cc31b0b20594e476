using System.Threading.Channels;
using MailHa.Operations.Audit;
using MailHa.Operations.Secrets;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Paging;

/// <summary>
/// Pages the on-call person: alerts hand their events to <see cref="Page"/>, which only queues them (bounded; when full
/// the oldest is dropped and logged) and returns at once, so paging never delays or blocks the chat alert. Its own
/// worker sends them in order, retrying 429, 5xx and silence with doubling pauses up to <c>MaxAttempts</c>; a 400 is
/// logged with PagerDuty's reason and kept as <see cref="LastRejection"/> for <c>/readyz</c>. The routing key is read
/// from its secret when sent and never logged. What became of each event is recorded in the audit trail
/// (<see cref="PageSent"/>: the incident timeline's "page sent" and "acknowledged" lines).
/// </summary>
public sealed class Pager : BackgroundService
{
    private readonly Channel<PageEvent> _queue;
    private readonly PagerDutyClient _client;
    private readonly IOptions<PagerDutyOptions> _options;
    private readonly AuditLog _audit;
    private readonly TimeProvider _time;
    private readonly ILogger<Pager> _logger;

    public Pager(PagerDutyClient client, IOptions<PagerDutyOptions> options, AuditLog audit, TimeProvider time, ILogger<Pager> logger)
    {
        _client = client;
        _audit = audit;
        _options = options;
        _time = time;
        _logger = logger;
        _queue = Channel.CreateBounded<PageEvent>(
            new BoundedChannelOptions(options.Value.QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            dropped => PagingLog.Dropped(logger, dropped.Action, dropped.DedupKey));
    }

    /// <summary>The last event PagerDuty refused, with its reason, until one is accepted again.</summary>
    public string? LastRejection { get; private set; }

    /// <summary>Queues the event; never waits.</summary>
    public void Page(PageEvent page)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (_options.Value.Enabled)
        {
            _queue.Writer.TryWrite(page);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var page in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            await SendAsync(page, stoppingToken);
        }
    }

    private async Task SendAsync(PageEvent page, CancellationToken cancellationToken)
    {
        var settings = _options.Value;
        if (!SecretReference.TryParse(settings.RoutingKey, out var reference) || reference!.TryRead() is not { } routingKey)
        {
            await RejectAsync(page, $"the routing key {settings.RoutingKey} is missing or empty", cancellationToken);
            return;
        }

        var delay = settings.RetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            switch (await _client.SendAsync(page, routingKey, cancellationToken))
            {
                case PageAccepted accepted:
                    LastRejection = null;
                    PagingLog.Sent(_logger, page.Action, accepted.DedupKey);
                    await RecordAsync(page, true, page.Problem, cancellationToken);
                    return;
                case PageRejected rejected:
                    await RejectAsync(page, rejected.Reason, cancellationToken);
                    return;
                case PageRetryable retry when attempt < settings.MaxAttempts:
                    PagingLog.Retrying(_logger, page.Action, page.DedupKey, retry.Reason, attempt, delay);
                    await Task.Delay(delay, _time, cancellationToken);
                    delay *= 2;
                    break;
                case PageRetryable retry:
                    PagingLog.GaveUp(_logger, page.Action, page.DedupKey, retry.Reason, attempt);
                    await RecordAsync(page, false, $"{page.Problem}: given up after {attempt} tries: {retry.Reason}", cancellationToken);
                    return;
            }
        }
    }

    private async Task RejectAsync(PageEvent page, string reason, CancellationToken cancellationToken)
    {
        LastRejection = $"{page.Action} {page.DedupKey} refused: {reason}";
        PagingLog.Rejected(_logger, page.Action, page.DedupKey, reason);
        await RecordAsync(page, false, $"{page.Problem}: refused: {reason}", cancellationToken);
    }

    private async Task RecordAsync(PageEvent page, bool delivered, string detail, CancellationToken cancellationToken)
    {
        var action = page.Action switch
        {
            PageAction.Trigger => PagedAction.Trigger,
            PageAction.Acknowledge => PagedAction.Acknowledge,
            _ => PagedAction.Resolve,
        };
        try
        {
            await _audit.AppendAsync(new PageSent(action, page.DedupKey, delivered, detail), cancellationToken);
        }
#pragma warning disable CA1031 // The record of a page must never stop the pages after it.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            PagingLog.NotRecorded(_logger, page.Action, page.DedupKey, e);
        }
    }
}
