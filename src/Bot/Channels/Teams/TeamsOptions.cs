using System.ComponentModel.DataAnnotations;

namespace MailHa.Bot.Channels.Teams;

/// <summary>
/// The Teams channel (Bot Framework activity protocol). Bound from <c>MailHa:Teams</c>; inactive unless
/// <see cref="Enabled"/>. Every inbound check is always on; these settings only say what to check against.
/// </summary>
public sealed class TeamsOptions
{
    public const string Section = "MailHa:Teams";

    public bool Enabled { get; set; }

    /// <summary>The bot's Microsoft App ID: the audience of inbound tokens and the client id of outbound ones.</summary>
    public string AppId { get; set; } = "";

    /// <summary>Reference to the app's client secret: <c>file:/path</c> or <c>env:NAME</c>, never the secret.</summary>
    public string AppPassword { get; set; } = "";

    /// <summary>The tenant the app is registered in (single-tenant bot): the outbound token authority.</summary>
    public string TenantId { get; set; } = "";

    /// <summary>Tenants whose activities are accepted; empty means only <see cref="TenantId"/>.</summary>
    public List<string> AllowedTenants { get; set; } = [];

    /// <summary>Bot Framework OpenID metadata for inbound tokens (https).</summary>
    [Required, Url]
    public string OpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>The only accepted issuer of inbound tokens.</summary>
    [Required]
    public string Issuer { get; set; } = "https://api.botframework.com";

    /// <summary>Entra ID login host; the outbound authority is this plus <see cref="TenantId"/>.</summary>
    [Required, Url]
    public string LoginAuthority { get; set; } = "https://login.microsoftonline.com/";

    /// <summary>
    /// Check <see cref="LoginAuthority"/> with Microsoft's instance discovery before asking it for tokens (the default).
    /// Turn off only for an Entra-compatible authority outside Microsoft's clouds (Azure Stack Hub, a disconnected
    /// cloud): the bot then uses the configured authority as is. Refused for Microsoft's own login hosts.
    /// </summary>
    public bool ValidateLoginAuthority { get; set; } = true;

    /// <summary>Scope of outbound tokens for the Bot Connector service.</summary>
    [Required]
    public string OAuthScope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>How long a card button click (an invoke) waits for the router before answering with a notice.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:00:14")]
    public TimeSpan InvokeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Team channels that receive alerts as new threads (proactive posts).</summary>
    public List<TeamsAlertChannelOptions> AlertChannels { get; set; } = [];

    /// <summary>The allow-list in force: <see cref="AllowedTenants"/>, or <see cref="TenantId"/> alone when none are listed.</summary>
    public IReadOnlyList<string> EffectiveAllowedTenants() =>
        AllowedTenants.Count > 0 ? AllowedTenants : [TenantId];
}
