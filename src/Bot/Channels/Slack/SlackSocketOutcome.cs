namespace MailHa.Bot.Channels.Slack;

/// <summary>How one Socket Mode connection ended; decides how soon to dial again.</summary>
internal enum SlackSocketOutcome
{
    /// <summary>Slack asked us to reconnect (<c>disconnect</c>): at once.</summary>
    ReconnectRequested,

    /// <summary>The connection worked (hello seen) and then dropped: soon.</summary>
    Dropped,

    /// <summary>Could not open or connect: back off, longer each time.</summary>
    Failed,
}
