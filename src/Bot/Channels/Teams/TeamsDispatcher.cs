using System.Threading.Channels;
using MailHa.Bot.Chat;

namespace MailHa.Bot.Channels.Teams;

/// <summary>
/// Runs the router for acknowledged activities in the background: a bounded queue, a few at a time, started in
/// arrival order. Every failure is logged; none escapes.
/// </summary>
internal sealed class TeamsDispatcher(
    IServiceScopeFactory scopes,
    IHostApplicationLifetime lifetime,
    ILogger<TeamsDispatcher> logger) : BackgroundService
{
    private const int QueueCapacity = 256;
    private const int Parallelism = 4;

    private readonly Channel<TeamsWorkItem> _queue = Channel.CreateBounded<TeamsWorkItem>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>False when the queue is full (the platform will redeliver).</summary>
    public bool TryEnqueue(TeamsWorkItem item) => _queue.Writer.TryWrite(item);

    /// <summary>Calls the router in its own DI scope; the scope lives as long as the call, not the HTTP request.</summary>
    public async Task<ChatMessage?> RouteAsync(ChatEvent chatEvent, IChatConversation conversation, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var router = scope.ServiceProvider.GetRequiredService<IChatRouter>();
        return await router.HandleAsync(chatEvent, conversation, cancellationToken);
    }

    /// <summary>An invoke answered before the router finished: deliver the router's answer when it comes.</summary>
    public void FollowUp(Task<ChatMessage?> pending, TeamsWorkItem item) => _ = FollowUpAsync(pending, item);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(Parallelism);
        try
        {
            await foreach (var item in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                await slots.WaitAsync(stoppingToken);
                _ = RunAsync(item, slots, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }

        // Let in-flight work observe cancellation and release its slot before the semaphore goes away.
        for (var i = 0; i < Parallelism; i++)
        {
            await slots.WaitAsync(CancellationToken.None);
        }
    }

    private async Task RunAsync(TeamsWorkItem item, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        try
        {
            var answer = await RouteAsync(item.Event, item.Conversation, stoppingToken);
            await DeliverAsync(answer, item, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception ex)
        {
            // Background work: a failure is logged, never allowed to stop the dispatcher.
            TeamsLog.DispatchFailed(logger, item.Event.GetType().Name, item.Event.DeliveryId, ex);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task FollowUpAsync(Task<ChatMessage?> pending, TeamsWorkItem item)
    {
        var stopping = lifetime.ApplicationStopping;
        try
        {
            var answer = await pending;
            await DeliverAsync(answer, item, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception ex)
        {
            // Detached work: a failure is logged, never left unobserved.
            TeamsLog.DispatchFailed(logger, item.Event.GetType().Name, item.Event.DeliveryId, ex);
        }
    }

    private static async Task DeliverAsync(ChatMessage? answer, TeamsWorkItem item, CancellationToken cancellationToken)
    {
        if (answer is null)
        {
            return;
        }

        if (item.Replace is { } card)
        {
            await item.Conversation.UpdateAsync(card, answer, cancellationToken);
        }
        else
        {
            await item.Conversation.PostAsync(answer, cancellationToken);
        }
    }
}
