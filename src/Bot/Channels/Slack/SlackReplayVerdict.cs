namespace MailHa.Bot.Channels.Slack;

/// <summary>What to do with a correctly signed request, given the ones seen in the window.</summary>
internal enum SlackReplayVerdict
{
    /// <summary>First sighting: ack and dispatch.</summary>
    New,

    /// <summary>Slack re-sent a request we already acked (retry): ack 200, do not dispatch again.</summary>
    Duplicate,

    /// <summary>The same signed request again without being a Slack retry: refuse (401).</summary>
    Replay,

    /// <summary>The bounded memory is full of live entries: refuse rather than forget (503).</summary>
    Full,
}
