using MailHa.Bot.Chat;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MailHa.Bot.Channels.Slack;

/// <summary>
/// Runs acked Slack events through <see cref="IChatRouter"/> in the background, a few at a time so a long
/// failover does not hold up a status check. The router's answer goes to the event's <c>response_url</c>
/// (commands in_channel so the team sees operations; button answers ephemeral to the clicker), falling back to
/// <c>chat.postMessage</c>. A failure is logged and told to the user; it never stops the worker.
/// </summary>
internal sealed class SlackDispatcher(
    SlackDispatchQueue queue,
    IChatRouter router,
    SlackConversationFactory conversations,
    SlackWebApiClient client,
    ILogger<SlackDispatcher> logger) : BackgroundService
{
    public const int Workers = 4;

    /// <summary>How many read-only events run at once beside the queue; more wait their turn (never refused).</summary>
    public const int ReadersAtOnce = 8;

    private readonly SemaphoreSlim _readers = new(ReadersAtOnce);
    private readonly CancellationTokenSource _stopping = new();

    public ChatWork Classify(SlackWorkItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return router.Classify(item.Event);
    }

    /// <summary>Handles an event whose answer needs no node, within the caller's request.</summary>
    public Task<ChatMessage?> AnswerAtOnceAsync(SlackWorkItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        SlackLog.Dispatching(logger, item.Kind, item.Event.DeliveryId, item.Event.User.UserId);
        return router.HandleAsync(item.Event, conversations.ForChannel(item.ChannelId), cancellationToken);
    }

    /// <summary>Who sees an answer: the channel for a command's answer, the asker alone for refusals and clicks.</summary>
    public static SlackResponseType Audience(SlackWorkItem item, ChatMessage answer)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(answer);
        return item.Event is ChatCommandEvent && answer.Audience == ChatAudience.Conversation ? SlackResponseType.InChannel : SlackResponseType.Ephemeral;
    }

    /// <summary>Runs a read-only event now, beside the queue; at most <see cref="ReadersAtOnce"/> at a time, the rest wait.</summary>
    public void RunBeside(SlackWorkItem item) => _ = RunBesideAsync(item, _stopping.Token);

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

    private async Task RunBesideAsync(SlackWorkItem item, CancellationToken cancellationToken)
    {
        try
        {
            await _readers.WaitAsync(cancellationToken);
            try
            {
                await DispatchAsync(item, cancellationToken);
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

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => WorkAsync(stoppingToken)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var item in queue.ReadAllAsync(stoppingToken))
            {
                await DispatchAsync(item, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task DispatchAsync(SlackWorkItem item, CancellationToken cancellationToken)
    {
        var chatEvent = item.Event;
        var kind = item.Kind;
        SlackLog.Dispatching(logger, kind, chatEvent.DeliveryId, chatEvent.User.UserId);
        var conversation = conversations.ForChannel(item.ChannelId);

        ChatMessage? answer;
        try
        {
            answer = await router.HandleAsync(chatEvent, conversation, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            SlackLog.RouterFailed(logger, ex, kind, chatEvent.DeliveryId);
            answer = ChatMessage.Text("MailHa could not handle that", "An internal error occurred; it has been logged.");
            await DeliverAsync(item, conversation, answer, SlackResponseType.Ephemeral, cancellationToken);
            return;
        }

        if (answer is not null)
        {
            await DeliverAsync(item, conversation, answer, Audience(item, answer), cancellationToken);
        }
    }

    private async Task DeliverAsync(SlackWorkItem item, SlackConversation conversation, ChatMessage answer, SlackResponseType audience, CancellationToken cancellationToken)
    {
        try
        {
            if (item.ResponseUrl is { } responseUrl)
            {
                var result = await client.RespondAsync(responseUrl, answer, audience, replaceOriginal: false, cancellationToken);
                if (result is not SlackApiFailed failed)
                {
                    return;
                }

                SlackLog.ResponseUrlFailed(logger, item.Event.DeliveryId, failed.Error);
            }

            await conversation.PostAsync(answer, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            SlackLog.DeliveryFailed(logger, ex, item.Event.DeliveryId);
        }
    }
}
