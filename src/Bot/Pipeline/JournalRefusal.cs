using MailHa.Bot.Chat;
using MailHa.Operations.Journal;

namespace MailHa.Bot.Pipeline;

/// <summary>
/// What a request gets while the journal cannot be reached: refused, nothing done, and why. MailHa records every
/// operation, approval, decision and refusal before it acts, so without the journal it acts on nothing; status still
/// answers from the nodes. The refusal itself is not audited (it could not be written): the log keeps it instead.
/// </summary>
public static class JournalRefusal
{
    public static ChatReply Reply(JournalUnreachable outage)
    {
        ArgumentNullException.ThrowIfNull(outage);
        var text = $"Refused: {outage.Describe()}. MailHa records every operation, approval and mirror change there before acting, "
            + "so it acts on nothing until the database answers again. Nothing was changed; pending requests are kept. "
            + "'status' still answers from the nodes.";
        return new ChatReply(ChatMessage.Text("Not now: the journal is unreachable", text).ToAskerOnly(), ReplyOutcome.JournalUnreachable, "journal unreachable", new ReplyResult.JournalDown(outage));
    }
}
