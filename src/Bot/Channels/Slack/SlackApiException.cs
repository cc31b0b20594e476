namespace MailHa.Bot.Channels.Slack;

/// <summary>A Slack call failed where the caller's contract has no room for a failure value (<see cref="SlackConversation"/>).</summary>
public sealed class SlackApiException : Exception
{
    public SlackApiException()
    {
    }

    public SlackApiException(string message)
        : base(message)
    {
    }

    public SlackApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SlackApiException(SlackApiFailed failure)
        : base(Describe(failure))
    {
        Method = failure.Method;
        Error = failure.Error;
    }

    public string Method { get; } = "";

    /// <summary>Slack's error code, e.g. <c>channel_not_found</c>.</summary>
    public string Error { get; } = "";

    private static string Describe(SlackApiFailed failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure.Describe();
    }
}
