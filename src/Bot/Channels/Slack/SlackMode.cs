namespace MailHa.Bot.Channels.Slack;

/// <summary>How Slack reaches the bot.</summary>
public enum SlackMode
{
    /// <summary>Slack POSTs signed requests to <c>/slack/commands</c> and <c>/slack/interactions</c>.</summary>
    Http,

    /// <summary>The bot dials out to Slack over a WebSocket; no inbound HTTP (firewalled networks).</summary>
    SocketMode,
}
