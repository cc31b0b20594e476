using MailHa.Operations.Audit;
using MailHa.Operations.Failover;
using MailHa.Operations.Journal;
using MailHa.Operations.Mirror;
using MailHa.Operations.Status;

namespace MailHa.Bot.Chat;

/// <summary>
/// The typed result behind a reply's message, for machine-readable output (the command line's <c>--json</c>, its plan and
/// report printing): what a read found or an operation did. The cases are the whole set (the constructor is private).
/// </summary>
public abstract record ReplyResult
{
    private ReplyResult()
    {
    }

    /// <summary>A dry run's plan, with what the checks find now.</summary>
    public sealed record Planned(FailoverPlan Plan) : ReplyResult;

    /// <summary>A failover, switchover, failback or resumed operation's report.</summary>
    public sealed record Operated(FailoverReport Report) : ReplyResult;

    /// <summary>An evacuate or restore: its plan and each service's report, in order.</summary>
    public sealed record NodeMoved(NodeMoveOutcome Outcome) : ReplyResult;

    /// <summary>An evacuate or restore dry run: what would move.</summary>
    public sealed record NodeMovesPreviewed(NodeMovePlan Plan) : ReplyResult;

    /// <summary>One mirror run now.</summary>
    public sealed record Mirrored(MirrorRun Run) : ReplyResult;

    /// <summary>The recurring mirror paused, or its direction set and resumed.</summary>
    public sealed record MirrorControlled(MirrorControlResult Control) : ReplyResult;

    /// <summary>The status report.</summary>
    public sealed record StatusRead(StatusReport Report) : ReplyResult;

    /// <summary>Recent mirror runs, newest first.</summary>
    public sealed record MirrorHistoryRead(IReadOnlyList<MirrorRun> Runs) : ReplyResult;

    /// <summary>Recent audit entries, newest first.</summary>
    public sealed record AuditRead(IReadOnlyList<AuditEntry> Entries) : ReplyResult;

    /// <summary>Refused: the journal cannot be reached, since when and why.</summary>
    public sealed record JournalDown(JournalUnreachable Outage) : ReplyResult;
}
