namespace MailHa.Bot.Channels.Slack;

/// <summary>Outcome of checking <c>X-Slack-Signature</c> on a raw request body.</summary>
internal abstract record SlackSignatureCheck
{
    public abstract string Describe();
}

/// <summary>The body is Slack's, signed at <paramref name="Timestamp"/> (unix seconds) within the window.</summary>
internal sealed record SlackSignatureValid(long Timestamp, string Signature) : SlackSignatureCheck
{
    public override string Describe() => $"signed at {Timestamp}";
}

/// <summary>Refused; <paramref name="Reason"/> is safe to log (it never holds the secret or the body).</summary>
internal sealed record SlackSignatureInvalid(string Reason) : SlackSignatureCheck
{
    public override string Describe() => Reason;
}
