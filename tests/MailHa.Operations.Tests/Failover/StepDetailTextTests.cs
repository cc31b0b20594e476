using MailHa.Operations.Failover;
using MailHa.Operations.Journal;
using MailHa.Operations.Ldap;
using MailHa.Operations.Mirror;
using MailHa.Operations.Roles;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Tests.Failover;

/// <summary>
/// The line every step result, rollback and refusal of a failover, switchover or failback reads as (in the journal, the
/// audit trail, the progress message), pinned once here; the behaviour tests (<c>FailoverEngineTests</c>, the lab's
/// switchover and failover tests) assert the typed results.
/// </summary>
public sealed class StepDetailTextTests
{
    private static readonly NodeName Mail1 = new("mail1"), Mail2 = new("mail2");
    private static readonly CommandOutcome Ok = new Exited(Mail1, 0, "", "", TimeSpan.FromSeconds(1));
    private static readonly CommandOutcome Refused = new Unreachable(Mail1, "connection refused");
    private static readonly CommandOutcome Exit1 = new Exited(Mail2, 1, "", "in use\n", TimeSpan.Zero);
    private static readonly DateTimeOffset At = new(2026, 12, 5, 7, 0, 0, TimeSpan.Zero);
    private static readonly MirrorRun Good = Run(new Transferred(0));
    private static readonly MirrorRun Failed = Run(new RsyncFailed(10, "error in socket IO"));
    private static readonly RoleState Roles = new(new ServiceName("mail"), 2, Mail2, Mail1, true, At, "alice", "switchover");
    private static readonly ReplicationReport InSyncReport = Replication(new InSync("o=internet", TimeSpan.Zero));
    private static readonly ReplicationReport BrokenReport = Replication(new Broken("o=internet", [new NodeUnreachable(Mail1, "timeout")]));

    private static MirrorRun Run(MirrorOutcome outcome) =>
        new(new ServiceName("mail"), 7, At, At.AddSeconds(2), "switchover:op", Mail1, Mail2, 1, outcome, 0, null);

    private static ReplicationReport Replication(SuffixReplication suffix) => new(At, [new PairReplication(new ReplicationPair(Mail1, Mail2), [suffix])]);

    [Fact]
    public void Describe_ReadsAsTheOperatorsLine_ForEveryPreflightAndFenceResult()
    {
        Assert.Equal("mail2 reachable, mail answers on 198.18.15.12:25 (\"220 mail2 ESMTP\"), directory answers", new PreflightPassed(Mail2, "198.18.15.12", 25, "220 mail2 ESMTP").Describe());
        Assert.Equal("mail1 cannot be reached: mail1: unreachable (connection refused). Nothing was changed.", new TargetNotReached(Mail1, Refused).Describe());
        Assert.Equal("the mail service on mail2 does not answer on 198.18.15.12:25 (refused): moving the VIP there would not restore mail. Nothing was changed.", new TargetMailSilent(Mail2, "198.18.15.12", 25, "refused").Describe());
        Assert.Equal("the directory on mail2 does not answer: bind refused. Nothing was changed.", new TargetDirectorySilent(Mail2, "bind refused").Describe());

        Assert.Equal("VIP 198.18.15.10 taken down on mail1; its mirror paused; nobody answers ARP for it (duplicate-address probe from mail2)", new Fenced(Mail1, Mail2, "198.18.15.10", true, Ok, null).Describe());
        Assert.Equal(
            "mail1 did not hold the VIP; its state file NOT updated (mail1: unreachable (connection refused)); nobody answers ARP for it (duplicate-address probe from mail2); catch-up mirror run before it: SUCCEEDED mail1→mail2 in 2 s: 0 transferred, ? created, ? deleted, 0 bytes received",
            new Fenced(Mail1, Mail2, "198.18.15.10", false, Refused, Good).Describe());
        Assert.Equal("mail1 skipped, not asked again: the plan found it unreachable (mail1: unreachable (connection refused)) and nobody answers ARP for the VIP; bob acknowledged mail1 is down", new FencedUnreachable(Mail1, Refused, true, "bob").Describe());
        Assert.Equal("mail1 unreachable (mail1: unreachable (connection refused)) and nobody answers ARP for the VIP; bob acknowledged mail1 is down", new FencedUnreachable(Mail1, Refused, false, "bob").Describe());
        Assert.Equal("not run: no queue count is configured (Mirror:QueueCountCommand), so mail mail1's MTA accepted but has not stored yet is not waited for", new DrainNotConfigured(Mail1).Describe());
        Assert.Equal("not run: mail1 cannot be reached (mail1: unreachable (connection refused)); mail still queued there stays there", new DrainSkippedSourceDown(Mail1, Refused).Describe());
        Assert.Equal("mail1's MTA holds no mail for the store: everything it accepted is in the store", new Drained(new QueueEmpty(Mail1)).Describe());
        Assert.Equal(
            "mail1's MTA still holds 3 messages for the store after 30 s; accepted by bob: mail mail1 delivers into its store after the final sync is not on mail2, and the first mirror run mail2 → mail1 would delete it (runbook §8: copy it over before 'mirror resume')",
            new MailLeftAccepted(new MailLeftQueued(Mail1, 3, TimeSpan.FromSeconds(30)), Mail1, Mail2, "bob").Describe());
        Assert.Equal(
            "mail1's MTA still holds 1 message for the store after 30 s. Not pulling without it: the move stops here, and mail1's MTA stores it there",
            new MailStillQueued(new MailLeftQueued(Mail1, 1, TimeSpan.FromSeconds(30)), Mail1).Describe());
        Assert.Equal(
            "the final sync cannot run: mail2 cannot reach mail1's rsync daemon on the mirror network (no route). Not fencing mail1: nothing was changed, mail1 keeps the VIP",
            new FenceBlocked(Mail1, new SourceDaemonUnreachable(Mail1, Mail2, "no route")).Describe());
        Assert.Equal("taking the VIP down on mail1 failed at ip-addr-del: mail2: exit 1: in use. The VIP may still be on mail1; the standby was not touched.", new VipDropFailed(Mail1, "ip-addr-del", Exit1).Describe());
        Assert.Equal(
            "the VIP 198.18.15.10 still answers at ARP level after fencing mail1 (duplicate-address probe from mail2): something else holds it. Not raising it on mail2: that would be split brain.",
            new VipStillAnswers("198.18.15.10", Mail1, Mail2).Describe());
        Assert.Equal(
            "cannot prove the VIP 198.18.15.10 silent: the duplicate-address probe from mail2 did not run (mail1: unreachable (connection refused)). Not raising it on mail2.",
            new VipSilenceUnproven("198.18.15.10", Mail2, Refused).Describe());
        Assert.Equal(
            "mail1 cannot be reached (mail1: unreachable (connection refused)): a switchover needs both nodes up. Use a failover if mail1 is down. Nothing was changed.",
            new SourceNeededUp(Mail1, OperationKind.Switchover, Refused).Describe());
        Assert.Equal(
            "mail1 cannot be reached (mail1: unreachable (connection refused)) but the VIP still answers at ARP level (duplicate-address probe from mail2): something still holds 198.18.15.10. Not raising it on mail2: that would be split brain. Power off or isolate mail1, then retry.",
            new SourceDownVipAnswers(Mail1, Refused, Mail2, "198.18.15.10").Describe());
        Assert.Equal(
            "mail1 cannot be reached (mail1: unreachable (connection refused)) and the VIP is silent. Continuing needs the approver's explicit acknowledgement that mail1 is down (primary-down). Nothing was changed.",
            new PrimaryDownNotAcknowledged(Mail1, Refused).Describe());
    }

    [Fact]
    public void Describe_ReadsAsTheOperatorsLine_ForEveryFinalSyncAndDirectoryResult()
    {
        Assert.Equal("SUCCEEDED mail1→mail2 in 2 s: 0 transferred, ? created, ? deleted, 0 bytes received", new Synced(Good).Describe());
        Assert.Equal(
            "mail1 is down (mail1: unreachable (connection refused)) and its rsync daemon cannot be reached (mail2: exit 1: in use): skipped; mail received on mail1 after 2026-12-05 07:00:00Z (the last good run into mail2) is not on mail2",
            new SyncSkippedSourceDown(Mail1, Mail2, Refused, Exit1, null, At).Describe());
        Assert.Equal(
            "mail1 is down and its rsync module cannot be reached (rsync exit 10: error in socket IO): skipped; the mirror never succeeded into mail2: it serves whatever copy of the store it held",
            new SyncSkippedSourceDown(Mail1, Mail2, Refused, null, Failed, null).Describe());
        Assert.Equal("FAILED but accepted by bob: FAILED mail1→mail2: rsync exit 10: error in socket IO", new SyncFailureAccepted(Failed, "bob").Describe());
        Assert.Equal(
            "the final sync mail1 → mail2 was refused: an earlier pull is still running on mail2 (PID 4242)",
            new SyncRefusedPullRunning(Mail1, Mail2, new PullStillRunning(Mail2, "an earlier pull is still running on mail2 (PID 4242)")).Describe());
        Assert.Equal("the final sync mail1 → mail2 did not succeed: FAILED mail1→mail2: rsync exit 10: error in socket IO", new SyncFailed(Mail1, Mail2, Failed).Describe());

        Assert.Equal("o=internet: in sync", new ReplicationChecked(InSyncReport).Describe());
        Assert.Equal("BROKEN but accepted by bob: o=internet: broken: mail1: directory unreachable (timeout)", new ReplicationBrokenAccepted(BrokenReport, "bob").Describe());
        Assert.Equal("replication is broken: o=internet: broken: mail1: directory unreachable (timeout)", new ReplicationBroken(BrokenReport).Describe());
        Assert.Equal("mail1 is down: replication cannot be compared; mail2's directory answers with every replicated suffix", new DirectoryAlone(Mail1, Mail2).Describe());
        Assert.Equal("mail1 is down and mail2's directory does not answer: bind refused", new DirectoryAloneSilent(Mail1, Mail2, "bind refused").Describe());
    }

    [Fact]
    public void Describe_ReadsAsTheOperatorsLine_ForEveryRaiseVerifyAndRecordResult()
    {
        Assert.Equal(
            "VIP 198.18.15.10/24 up on mail2 (eth0:mail), first gratuitous ARP sent, two more following in the background",
            new VipRaised(Mail2, "198.18.15.10", 24, "eth0:mail", Ok, null).Describe());
        Assert.Equal(
            "VIP 198.18.15.10/24 up on mail2 (ge1:2), announced (Solaris: on ifconfig up); first stopped a stray mirror pull into its store (PID 4242), left by a MailHa that died mid-run",
            new VipRaised(Mail2, "198.18.15.10", 24, "ge1:2", null, "4242").Describe());
        Assert.Equal(
            "VIP 198.18.15.10/24 up on mail2 (eth0:mail), gratuitous ARP could NOT run (mail2: exit 1: in use): neighbours may keep the old MAC until their caches expire",
            new VipRaised(Mail2, "198.18.15.10", 24, "eth0:mail", Exit1, null).Describe());
        Assert.Equal("cannot read mail2's interfaces: mail2: exit 1: in use", new InterfacesUnreadable(Mail2, Exit1).Describe());
        Assert.Equal("duplicate-address probe from mail2: another host answers for 198.18.15.10 (mail2: exit 1: in use). Not raising it: that would be split brain.", new DuplicateAddress(Mail2, "198.18.15.10", Exit1).Describe());
        Assert.Equal("cannot make sure no mirror pull still writes into mail2's store: mail2: exit 1: in use", new StrayPullNotStopped(Mail2, Exit1).Describe());
        Assert.Equal("raising the VIP on mail2 failed at ip-addr-add: mail2: exit 1: in use", new VipRaiseFailed(Mail2, "ip-addr-add", Exit1).Describe());

        Assert.Equal("198.18.15.10:25 answers from mail2: \"220 mail2 ESMTP\"", new VipAnswersFromTarget("198.18.15.10", 25, Mail2, "220 mail2 ESMTP").Describe());
        Assert.Equal("the VIP answers, but not from mail2: \"220 mail1 ESMTP\"", new VipAnsweredByOther(Mail2, "220 mail1 ESMTP").Describe());
        Assert.Equal("the VIP does not answer after 15s: connection refused", new VipSilent(TimeSpan.FromSeconds(15), "connection refused").Describe());

        Assert.Equal("generation 2: mail2 active, mail1 standby, mirror PAUSED; state file written on every node of the move", new RolesRecorded(Roles, []).Describe());
        Assert.Equal(
            "generation 2: mail2 active, mail1 standby, mirror PAUSED; state file NOT written on mail1 (not tried: unreachable at approval, mail1: unreachable (connection refused)): it still names the old roles; the mirror guard refuses there until it is updated",
            new RolesRecorded(Roles, [new MissedStateFile(Mail1, Refused, NotTried: true)]).Describe());
        Assert.Equal(
            "the recorded roles changed while this operation ran (generation 1 expected, now 2: generation 2: mail2 active, mail1 standby, mirror PAUSED); not overwriting them",
            new RolesChangedMeanwhile(1, Roles).Describe());
        Assert.Equal("unexpected error: boom", new StepCrashed("boom").Describe());
    }

    [Fact]
    public void Describe_ReadsAsTheOperatorsLine_ForEveryRollbackAndRefusal()
    {
        Assert.Equal("the VIP is back on mail1 and its mirror participation restored", new VipRestored(Mail1).Describe());
        Assert.Equal("could not make sure the VIP is down on mail2 (mail2: exit 1: in use); NOT re-raising it on mail1 to avoid split brain", new TargetVipNotDropped(Mail2, Mail1, Exit1).Describe());
        Assert.Equal("re-raising the VIP on mail1 failed at ip-addr-add: mail2: exit 1: in use", new SourceVipNotRaised(Mail1, "ip-addr-add", Exit1).Describe());

        var lease = new OperationLease("failback-1", "failback", "carol", At, "host:1", At.AddMinutes(1));
        Assert.Equal("another operation is running: failback failback-1 started by carol at 2026-12-05 07:00:00Z on host", new AnotherOperationRunning(lease).Describe());
        Assert.Equal(
            "an interrupted switchover (switchover-1, mail1 → mail2) must be finished first: run switchover again to resume it",
            new InterruptedOperationFirst(OperationKind.Switchover, "switchover-1", Mail1, Mail2).Describe());
        Assert.Equal("a failback returns mail to its home mail1: use switchover --to mail2 to move it elsewhere", new FailbackElsewhere(new ServiceName("mail"), Mail1, Mail2).Describe());
        Assert.Equal("mail1 is already active: there is nothing to fail back (use switchover to move to mail2)", new NothingToFailBack(Mail1, Mail2).Describe());
        Assert.Equal("mail2 is not one of mail's nodes (mail1).", new NotPlaced(new NotAServiceNode(new ServiceName("mail"), Mail2, [Mail1])).Describe());
    }
}
