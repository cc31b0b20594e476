using MailHa.Bot.Chat;

namespace MailHa.Bot.Alerts;

/// <summary>Posts an alert to every alert channel on every platform; one failing channel does not stop the others.</summary>
public sealed class AlertPoster(AlertConversations conversations, ILogger<AlertPoster> logger)
{
    public async Task<int> PostAsync(ChatMessage message, CancellationToken cancellationToken)
    {
        var posted = 0;
        foreach (var conversation in conversations.All())
        {
            try
            {
                await conversation.PostAsync(message, cancellationToken);
                posted++;
            }
#pragma warning disable CA1031 // Alerting is best effort per channel: log and go on to the next.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                AlertLog.PostFailed(logger, conversation.Key, e);
            }
        }

        return posted;
    }
}
