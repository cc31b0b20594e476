namespace MailHa.Bot.Channels.Slack;

/// <summary>Outcome of one Slack call (Web API method or <c>response_url</c>), after any rate-limit retries.</summary>
public abstract record SlackApiResult(string Method)
{
    /// <summary>For logs and messages: never a token or a response_url.</summary>
    public abstract string Describe();
}

/// <summary><c>chat.postMessage</c> / <c>chat.update</c> succeeded: the message lives at <paramref name="Channel"/> + <paramref name="Ts"/>.</summary>
public sealed record SlackMessagePosted(string Method, string Channel, string Ts) : SlackApiResult(Method)
{
    public override string Describe() => $"Slack {Method}: posted {Channel}/{Ts}";
}

/// <summary>A message was accepted by a <c>response_url</c>.</summary>
public sealed record SlackResponseDelivered() : SlackApiResult("response_url")
{
    public override string Describe() => "Slack response_url: delivered";
}

/// <summary><c>apps.connections.open</c> succeeded: dial <paramref name="Url"/> (single use) for Socket Mode.</summary>
public sealed record SlackConnectionOpened(Uri Url) : SlackApiResult("apps.connections.open")
{
    public override string Describe() => "Slack apps.connections.open: socket URL received";
}

/// <summary>
/// Slack refused or could not be reached. <paramref name="Error"/> is Slack's code (<c>channel_not_found</c>,
/// <c>not_in_channel</c>, <c>invalid_auth</c>…) or ours: <c>ratelimited</c> after bounded retries, <c>http_503</c>,
/// <c>unreachable</c>, <c>timeout</c>, <c>invalid_response</c>. Never holds a token.
/// </summary>
public sealed record SlackApiFailed(string Method, string Error) : SlackApiResult(Method)
{
    public override string Describe() => $"Slack {Method} failed: {Error}";
}
