namespace MailHa.Bot.Channels.Teams;

/// <summary>
/// A team channel alerts go to: the Bot Connector <see cref="ServiceUrl"/> of the team's region (for example
/// <c>https://smba.trafficmanager.net/emea/</c>) and the channel id <c>19:…@thread.tacv2</c>.
/// </summary>
public sealed class TeamsAlertChannelOptions
{
    public string ServiceUrl { get; set; } = "";

    public string ChannelId { get; set; } = "";
}
