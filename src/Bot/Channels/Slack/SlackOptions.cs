using System.ComponentModel.DataAnnotations;

namespace MailHa.Bot.Channels.Slack;

/// <summary>The Slack app. Secrets are references (<c>file:/path</c> or <c>env:NAME</c>). Bound from <c>MailHa:Slack</c>.</summary>
public sealed class SlackOptions
{
    public const string Section = "MailHa:Slack";

    public bool Enabled { get; set; }

    public SlackMode Mode { get; set; } = SlackMode.Http;

    /// <summary>Reference to the app's signing secret; needed in <see cref="SlackMode.Http"/>.</summary>
    public string SigningSecret { get; set; } = "";

    /// <summary>Reference to the bot token (<c>xoxb-…</c>) for the Web API.</summary>
    public string BotToken { get; set; } = "";

    /// <summary>Reference to the app-level token (<c>xapp-…</c>, scope <c>connections:write</c>); needed in <see cref="SlackMode.SocketMode"/>.</summary>
    public string AppToken { get; set; } = "";

    /// <summary>Web API base; tests point it at a local stand-in.</summary>
    [Required]
    public Uri ApiBaseUrl { get; set; } = new("https://slack.com/");

    /// <summary>Channel ids (<c>C0123456789</c>) that receive alerts.</summary>
    public List<string> AlertChannels { get; set; } = [];
}
