using MailHa.Operations.Audit;

namespace MailHa.Operations.Tests.Audit;

public class AuditColumnsTests
{
    public static TheoryData<AuditEvent> Events => new()
    {
        new ApprovalRequested("alice", AuditChannel.Slack, "switchover ", RequestOutcome.Pending, "r-1a2b3c"),
        new ApprovalRequested("cli:root", AuditChannel.Cli, "failover", RequestOutcome.Confirmed, "break-glass"),
        new ApprovalDecided("bob", AuditChannel.Teams, "r-1a2b3c", ApprovalVerdict.Reject, DecisionOutcome.Rejected, "Switchover"),
        new ApprovalDecided("bob", AuditChannel.Console, "r-1a2b3c", ApprovalVerdict.Approve, DecisionOutcome.Voided, "changed"),
        new Refusal("mallory", AuditChannel.Slack, "command", "(not understood)", "unknown command"),
        new Refusal("bob", AuditChannel.Teams, "approve", "r-1a2b3c", "no such request"),
        new MirrorControlled("carol", AuditChannel.Console, MirrorCommand.Run, Succeeded: false, "rsync exit 12"),
        new MirrorControlled("carol", AuditChannel.Slack, MirrorCommand.Pause, Succeeded: true, "paused"),
        new ApprovedRunEnded("alice", "mirror-resume", "r-1a2b3c", Succeeded: false, "approved by bob: refused"),
        new ApprovalVoided("r-1a2b3c", "changed"),
        new ApprovalExpired("r-1a2b3c", "Failback"),
        new OperationStarted("alice", "failover op-1", Resumed: true, "mail1 → mail2"),
        new OperationStep("alice", "failover op-1", "final-sync", Succeeded: false, "rsync exit 23"),
        new OperationRolledBack("alice", "failover op-1", Succeeded: true, "VIP back"),
        new OperationEnded("alice", "failover op-1", Succeeded: false, "stopped"),
        new OutageDeclared("mail1", new DateTimeOffset(2026, 12, 5, 3, 12, 5, 123, TimeSpan.Zero), "nothing answered"),
        new ProposalPosted("mail1", new DateTimeOffset(2026, 12, 5, 3, 12, 5, TimeSpan.FromHours(1)), "to 2 alert channel(s)"),
        new OutageEnded("mail1", new DateTimeOffset(2026, 12, 5, 3, 12, 5, TimeSpan.Zero), OutageEnd.NodeBack, "recovered"),
        new OutageEnded("mail1", new DateTimeOffset(2026, 12, 5, 3, 12, 5, TimeSpan.Zero), OutageEnd.Replaced, "mail2 active"),
        new PageSent(PagedAction.Trigger, "mailha/active-down/mail1/1796440325", Delivered: true, "active-down"),
        new PageSent(PagedAction.Acknowledge, "mailha/split-brain", Delivered: false, "split-brain: refused: 400 Invalid routing key"),
        new ApprovedRunStarted("bob", AuditChannel.Teams, "failover", "r-1a2b3c"),
        new ApprovedRunStarted("cli:root", AuditChannel.Cli, "switchover", "cli-1a2b3c"),
        new MailAtRisk("failover-20261205-031412-9c1e", "mirror age 6m02s at the start"),
    };

    [Fact]
    public void Read_KeepsAnIncidentEntryAsStored_WhenItsTimeIsNotOneThisVersionWrites()
    {
        var columns = new AuditRecord("system", "incident", "outage-declared", "mail1", "yesterday", "by hand");

        Assert.Equal(new UnrecognisedEntry(columns), AuditColumns.Read(columns));
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void Read_GivesBackTheEvent_ThatWasWritten(AuditEvent auditEvent) =>
        Assert.Equal(auditEvent, AuditColumns.Read(AuditColumns.Write(auditEvent)));

    [Fact]
    public void Read_KeepsTheColumns_WhenNoEventReadsThem()
    {
        var columns = new AuditRecord("root", "psql", "fix", "row 7", "edited", "by hand");

        var read = AuditColumns.Read(columns);

        Assert.Equal(new UnrecognisedEntry(columns), read);
        Assert.Equal(columns, AuditColumns.Write(read));
    }

    [Theory]
    [InlineData("12:9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08", 12L)]
    [InlineData(" 1:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 ", 1L)]
    public void Parse_ReadsAHead_AsPosted(string text, long seq)
    {
        var head = AuditHead.Parse(text);

        Assert.Equal(new AuditHead(seq, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"), head);
        Assert.Equal(text.Trim().ToLowerInvariant(), head!.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("12")]
    [InlineData("0:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]
    [InlineData("-3:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]
    [InlineData("12:9f86d081")]
    [InlineData("12:zz86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]
    [InlineData("12:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08:1")]
    public void Parse_IsNull_WhenTheTextIsNotAHead(string text) => Assert.Null(AuditHead.Parse(text));
}
