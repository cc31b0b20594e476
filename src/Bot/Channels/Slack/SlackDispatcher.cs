using MailHa.Bot.Chat;
using Microsoft.Extensions.Logging;

namespace MailHa.Bot.Channels.Slack;

/// <summary>
/// Hands acked Slack events to the shared <see cref="ChatDispatcher"/> and says how Slack gets the answer: the event's
/// <c>response_url</c> (commands in_channel so the team sees operations; button answers ephemeral to the clicker),
/// falling back to <c>chat.postMessage</c>. A failure is logged and told to the user.
/// </summary>
internal sealed class SlackDispatcher(
    ChatDispatcher dispatch,
    SlackConversationFactory conversations,
    SlackWebApiClient client,
    ILogger<SlackDispatcher> logger)
{
    public ChatWork Classify(SlackWorkItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return dispatch.Classify(item.Event);
    }

    /// <summary>Handles an event whose answer needs no node, within the caller's request.</summary>
    public Task<ChatMessage?> AnswerAtOnceAsync(SlackWorkItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        SlackLog.Dispatching(logger, item.Kind, item.Event.DeliveryId, item.Event.User.UserId);
        return dispatch.HandleNowAsync(item.Event, conversations.ForChannel(item.ChannelId), cancellationToken);
    }

    /// <summary>Who sees an answer: the channel for a command's answer, the asker alone for refusals and clicks.</summary>
    public static SlackResponseType Audience(SlackWorkItem item, ChatMessage answer)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(answer);
        return item.Event is ChatCommandEvent && answer.Audience == ChatAudience.Conversation ? SlackResponseType.InChannel : SlackResponseType.Ephemeral;
    }

    /// <summary>Runs the event in the background as the dispatch policy says; false (and logged) when the queue is full.</summary>
    public bool TryDispatch(SlackWorkItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        SlackLog.Dispatching(logger, item.Kind, item.Event.DeliveryId, item.Event.User.UserId);
        var conversation = conversations.ForChannel(item.ChannelId);
        var delivery = new ChatDispatcher.Delivery(
            (answer, ct) => DeliverAsync(item, conversation, answer, Audience(item, answer), ct),
            (failure, ct) =>
            {
                SlackLog.RouterFailed(logger, failure, item.Kind, item.Event.DeliveryId);
                return DeliverAsync(item, conversation, ChatMessage.Text("MailHa could not handle that", "An internal error occurred; it has been logged."), SlackResponseType.Ephemeral, ct);
            });
        if (dispatch.TryDispatch(item.Event, conversation, delivery))
        {
            return true;
        }

        SlackLog.QueueFull(logger, item.Kind, item.Event.DeliveryId);
        return false;
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
