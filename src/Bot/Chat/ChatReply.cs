namespace MailHa.Bot.Chat;

/// <summary>
/// What handling one request came to: the message to show, and how the audit trail records it
/// (<see cref="Outcome"/> and a bounded <see cref="Detail"/>). <see cref="Result"/> is the typed result
/// behind the message (a failover report, a mirror run) for machine-readable output.
/// </summary>
public sealed record ChatReply(ChatMessage Message, ReplyOutcome Outcome, string Detail = "", ReplyResult? Result = null)
{
    /// <summary>A refusal addressed to the asker only; nothing was changed.</summary>
    public static ChatReply Refused(string title, string text, string reason) =>
        new(ChatMessage.Text(title, text).ToAskerOnly(), ReplyOutcome.Refused, reason);

    public static ChatReply Answered(ChatMessage message) => new(message, ReplyOutcome.Answered);
}

/// <summary>How a request ended.</summary>
public enum ReplyOutcome
{
    /// <summary>A read-only answer.</summary>
    Answered,
    Done,
    Failed,
    Refused,

    /// <summary>Waiting for a second person.</summary>
    Pending,
    Approved,
    Rejected,
    Voided,

    /// <summary>The break-glass command line's typed confirmation did not match.</summary>
    NotConfirmed,

    /// <summary>Confirmed on the command line: runs without a second person.</summary>
    Confirmed,

    /// <summary>Refused because the journal cannot be reached: nothing was done, and nothing could be recorded (<see cref="ReplyResult.JournalDown"/>).</summary>
    JournalUnreachable,
}
