namespace MailHa.Bot.Channels.Slack;

/// <summary>
/// Slack refused or could not be reached. <paramref name="Error"/> is Slack's code (<c>channel_not_found</c>,
/// <c>not_in_channel</c>, <c>invalid_auth</c>…) or ours: <c>ratelimited</c> after bounded retries, <c>http_503</c>,
/// <c>unreachable</c>, <c>timeout</c>, <c>invalid_response</c>. Never holds a token.
/// </summary>
public sealed record SlackApiFailed(string Method, string Error) : SlackApiResult(Method);
