using MailHa.Bot.UseCases;
using MailHa.Operations.Failover;
using MailHa.Operations.Roles;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Bot.Tests.Pipeline;

/// <summary>
/// The operator's words for the end of a failover, switchover or failback (each step's line, how it ended, the state it
/// left, what to do next), pinned once here; the behaviour tests (<c>FailoverEngineTests</c>, the lab's switchover and
/// failover tests) assert the report's typed refusal, step results and next step.
/// </summary>
public sealed class FailoverReportTextTests
{
    private static readonly NodeName Mail1 = new("mail1"), Mail2 = new("mail2");
    private static readonly DateTimeOffset At = new(2026, 12, 5, 7, 0, 0, TimeSpan.Zero);
    private static readonly RoleState Paused = new(new ServiceName("mail"), 2, Mail2, Mail1, true, At, "alice", "switchover");
    private static readonly VipReport HeldByMail2 = new(VipVerdict.HeldBy, Mail2, [], new Answered("220 mail2 ESMTP"), Mail2, "mail2 holds the VIP and answers on it");

    private static FailoverReport Report(FailoverOutcome outcome, IReadOnlyList<StepEvent> steps, OperationRefusal? refusal, SystemState? state, NextStep next) =>
        new("switchover-1", new ServiceName("mail"), OperationKind.Switchover, Mail1, Mail2, outcome, steps, refusal, state, next, "alice", "bob", At, At.AddSeconds(3));

    [Fact]
    public void Format_SaysEachStepHowItEndedTheStateAndWhatNext_WhenItSucceeded()
    {
        var steps = new[]
        {
            new StepEvent("switchover-1", 1, "preflight", "Preflight checks", StepState.Skipped, null, TimeSpan.Zero),
            new StepEvent("switchover-1", 2, "verify-vip", "Verify the VIP answers from the standby", StepState.Done, new VipAnswersFromTarget("198.18.15.10", 25, Mail2, "220 mail2 ESMTP"), TimeSpan.FromSeconds(1.2)),
        };
        var report = Report(FailoverOutcome.Succeeded, steps, null, new SystemState(HeldByMail2, Paused), new SetMirrorDirection(OperationKind.Switchover, Mail2, Mail1));

        Assert.Equal(
            "SUCCEEDED Switchover mail1 → mail2 (switchover-1)\n"
            + "requested by alice, approved by bob\n"
            + "  ⏭ 1. Preflight checks (0.0s): already done by the interrupted run\n"
            + "  ✅ 2. Verify the VIP answers from the standby (1.2s): 198.18.15.10:25 answers from mail2: \"220 mail2 ESMTP\"\n"
            + "Switchover complete: mail2 is active and answers on the VIP.\n"
            + "Now: mail2 holds the VIP and answers on it. Roles generation 2: mail2 active, mail1 standby, mirror PAUSED; mirror PAUSED: the standby is not being kept up to date.\n"
            + "Next: The mirror is PAUSED until an operator sets the new direction (mail2 → mail1) with 'mirror resume'.\n",
            FailoverReportText.Format(report));
        Assert.Equal("⏳ 3. Raise the VIP on the standby…", FailoverReportText.Line(new StepEvent("switchover-1", 3, "raise-vip", "Raise the VIP on the standby", StepState.Started, null, TimeSpan.Zero)));
    }

    [Fact]
    public void Header_NamesWhoAskedWhoApprovedAndTheRequest()
    {
        Assert.Equal("Requested by alice, approved by bob, carol (r-1a2b3c).", FailoverReportText.Header("alice", "bob, carol", "r-1a2b3c"));
    }

    [Fact]
    public void Format_NamesTheStepThatStoppedIt_WhenItFailed()
    {
        var failed = new StepEvent("switchover-1", 5, "raise-vip", "Raise the VIP on the standby", StepState.Failed, new VipRaiseFailed(Mail2, "ip-addr-add", new Unreachable(Mail2, "connection reset")), TimeSpan.FromSeconds(0.5));
        var report = Report(FailoverOutcome.Failed, [failed], null, new SystemState(HeldByMail2, Paused with { Active = Mail1, Standby = Mail2, MirrorPaused = false }), new RequestAgainRolledBack(OperationKind.Switchover, new VipRestored(Mail1)));

        Assert.Equal("Switchover stopped at 'Raise the VIP on the standby': raising the VIP on mail2 failed at ip-addr-add: mail2: unreachable (connection reset)", report.Describe());
        Assert.Equal("❌ 5. Raise the VIP on the standby (0.5s): raising the VIP on mail2 failed at ip-addr-add: mail2: unreachable (connection reset)", FailoverReportText.Line(failed));
        Assert.Equal("mail2 holds the VIP and answers on it. Roles generation 2: mail1 active, mail2 standby, mirror mail1 → mail2; mirror mail1 → mail2 active.", FailoverReportText.Now(report));
    }

    [Fact]
    public void Now_IsUnchanged_WhenRefused()
    {
        var report = Report(FailoverOutcome.Refused, [], new NothingToFailBack(Mail1, Mail2), null, new NothingChanged());

        Assert.Equal("mail1 is already active: there is nothing to fail back (use switchover to move to mail2)", report.Describe());
        Assert.Equal("unchanged", FailoverReportText.Now(report));
    }

    [Fact]
    public void Next_SaysWhatTheOperatorDoes_ForEveryNextStep()
    {
        Assert.Equal(
            "The mirror is PAUSED. When mail1 is repaired and its store checked, set the new direction (mail2 → mail1) with 'mirror resume'; later, failback returns the VIP to the original primary.",
            FailoverReportText.Next(new SetMirrorDirection(OperationKind.Failover, Mail2, Mail1)));
        Assert.Equal("Nothing was changed.", FailoverReportText.Next(new NothingChanged()));
        Assert.Equal("Nothing was changed. Make mail2 healthy (SSH, mail service, directory), then request again.", FailoverReportText.Next(new MakeTargetHealthy(Mail2)));
        Assert.Equal(
            "Nothing was changed on mail2. If mail1 is really down and the VIP is silent, request again with the primary-down acknowledgement.",
            FailoverReportText.Next(new AcknowledgePrimaryDown(Mail1, Mail2)));
        Assert.Equal("Check who holds 198.18.15.10 (status), take it down there, then request again.", FailoverReportText.Next(new ClearVip("198.18.15.10")));
        Assert.Equal(
            "Nothing was changed: mail1 still serves. Fix the mirror (link, mail1's rsync daemon, the error above) until '/mail mirror run' succeeds, then request the switchover again; or request it again accepting a final-sync failure (mail received on mail1 since the last good run would not reach mail2).",
            FailoverReportText.Next(new FixMirrorBeforeFence(OperationKind.Switchover, Mail1, Mail2)));
        Assert.Equal(
            "The final sync failed. Fix the mirror (see the message), or request again accepting the final-sync failure (mail received since the last good run would be lost).",
            FailoverReportText.Next(new FixFinalSync()));
        Assert.Equal(
            "This cannot be accepted as a final-sync failure: raising the VIP on mail2 while that pull still writes into its store would let it delete mail delivered there. Wait until it ends (or kill it on mail2 by the PID named above), then request the failover again.",
            FailoverReportText.Next(new WaitForPull(OperationKind.Failover, Mail2)));
        Assert.Equal("Directory replication is broken. Repair it, or request again accepting broken replication.", FailoverReportText.Next(new RepairReplication()));
        Assert.Equal("The VIP moved but the roles were not recorded: run the operation again to finish recording.", FailoverReportText.Next(new FinishRecording()));
        Assert.Equal("Check status: it shows who holds the VIP now. Request again once the cause is fixed; every step is safe to repeat.", FailoverReportText.Next(new CheckStatusAndRetry()));
        Assert.Equal(
            "Rolled back: the VIP is back on mail1 and its mirror participation restored. Fix the cause above, then request the switchover again.",
            FailoverReportText.Next(new RequestAgainRolledBack(OperationKind.Switchover, new VipRestored(Mail1))));
        Assert.Equal(
            "ROLLBACK FAILED: re-raising the VIP on mail1 failed at ip-addr-add: mail1: unreachable (gone). Mail may be down: raise the VIP by hand on one node only (see the runbook).",
            FailoverReportText.Next(new RaiseVipByHand(new SourceVipNotRaised(Mail1, "ip-addr-add", new Unreachable(Mail1, "gone")))));
    }
}
