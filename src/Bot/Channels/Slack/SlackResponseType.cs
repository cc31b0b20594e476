namespace MailHa.Bot.Channels.Slack;

/// <summary>Who sees a message sent to a <c>response_url</c>.</summary>
public enum SlackResponseType
{
    /// <summary>Only the person who typed the command or clicked the button.</summary>
    Ephemeral,

    /// <summary>Everyone in the channel.</summary>
    InChannel,
}
