using System.Threading.Channels;
using MailHa.Bot.Chat;

namespace MailHa.Bot.Channels;

/// <summary>
/// The one dispatch policy of every chat platform, after it authenticated, parsed and acknowledged an event: work that
/// reads (answers from memory, status, dry runs) runs at once beside the rest, at most <see cref="ReadersAtOnce"/> at a
/// time and never refused as busy; work that may change something waits in one bounded queue drained by
/// <see cref="Workers"/> workers, and a full queue refuses (the platform says busy or redelivers). What answers within the
/// platform's own request (a Slack command's HTTP answer, a Teams invoke) goes straight to the router. Each platform says
/// how an answer is delivered and what a failure tells the user (<see cref="Delivery"/>); nothing that fails escapes.
/// </summary>
public sealed class ChatDispatcher(IChatRouter router, ILogger<ChatDispatcher> logger) : BackgroundService
{
    /// <summary>How many queued events run at once.</summary>
    public const int Workers = 4;

    /// <summary>How many events that may change something wait at most; one more is refused.</summary>
    public const int QueueCapacity = 256;

    /// <summary>How many read-only events run at once beside the queue; more wait their turn (never refused).</summary>
    public const int ReadersAtOnce = 8;

    private readonly Channel<Job> _queue = Channel.CreateBounded<Job>(new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.Wait });
    private readonly SemaphoreSlim _readers = new(ReadersAtOnce);
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>
    /// How a platform delivers the router's answer (<see cref="AnswerAsync"/>, called only when there is one) and what it
    /// does when routing or delivering failed (<see cref="FailedAsync"/>: log it, tell the user if it can).
    /// </summary>
    public sealed record Delivery(Func<ChatMessage, CancellationToken, Task> AnswerAsync, Func<Exception, CancellationToken, Task> FailedAsync);

    /// <summary>What handling <paramref name="chatEvent"/> will take.</summary>
    public ChatWork Classify(ChatEvent chatEvent) => router.Classify(chatEvent);

    /// <summary>Handles an event within the platform's own request (an answer at once, a Teams invoke).</summary>
    public async Task<ChatMessage?> HandleNowAsync(ChatEvent chatEvent, IChatConversation conversation, CancellationToken cancellationToken) =>
        await router.HandleAsync(chatEvent, conversation, cancellationToken);

    /// <summary>Runs an acknowledged event in the background as its work says; false when it may change something and the queue is full.</summary>
    public bool TryDispatch(ChatEvent chatEvent, IChatConversation conversation, Delivery delivery)
    {
        ArgumentNullException.ThrowIfNull(chatEvent);
        var job = new Job(chatEvent, delivery, ct => router.HandleAsync(chatEvent, conversation, ct));
        if (router.Classify(chatEvent) == ChatWork.Changes)
        {
            return _queue.Writer.TryWrite(job);
        }

        _ = RunBesideAsync(job, _stopping.Token);
        return true;
    }

    /// <summary>An event answered before the router finished (a Teams invoke past its bound): delivers the answer when it comes.</summary>
    public void FollowUp(Task<ChatMessage?> pending, ChatEvent chatEvent, Delivery delivery) =>
        _ = FollowUpAsync(pending, chatEvent, delivery, _stopping.Token);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _stopping.Dispose();
        _readers.Dispose();
        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => WorkAsync(stoppingToken)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var job in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                await RunAsync(job, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task RunBesideAsync(Job job, CancellationToken cancellationToken)
    {
        try
        {
            await _readers.WaitAsync(cancellationToken);
            try
            {
                await RunAsync(job, cancellationToken);
            }
            finally
            {
                _readers.Release();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private Task FollowUpAsync(Task<ChatMessage?> pending, ChatEvent chatEvent, Delivery delivery, CancellationToken cancellationToken) =>
        RunAsync(new Job(chatEvent, delivery, _ => pending), cancellationToken);

    /// <summary>Awaits the router's answer and delivers it; a failure of either goes to the platform's handler, never further.</summary>
    private async Task RunAsync(Job job, CancellationToken cancellationToken)
    {
        try
        {
            if (await job.Route(cancellationToken) is { } answer)
            {
                await job.Delivery.AnswerAsync(answer, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
#pragma warning disable CA1031 // Background work: a failure is the platform's to log and tell, never allowed to stop a worker.
        catch (Exception e)
        {
            try
            {
                await job.Delivery.FailedAsync(e, cancellationToken);
            }
            catch (Exception unreported) when (!cancellationToken.IsCancellationRequested)
            {
                ChatDispatchLog.FailureNotReported(logger, job.Event.GetType().Name, job.Event.DeliveryId, unreported);
            }
        }
#pragma warning restore CA1031
    }

    /// <summary>An event, how its answer is delivered, and how it is answered (the router, or a routing already under way).</summary>
    private sealed record Job(ChatEvent Event, Delivery Delivery, Func<CancellationToken, Task<ChatMessage?>> Route);
}
