using System.Text.Json;
using MailHa.Operations.Failover;
using MailHa.Operations.Journal;
using MailHa.Operations.Ldap;
using MailHa.Operations.Liveness;
using MailHa.Operations.Mirror;
using MailHa.Operations.Roles;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Tests.Failover;

/// <summary>
/// The line each of a plan's findings reads as (the dry run, the approval card, <c>--json</c>), pinned once here; the
/// behaviour tests (PlanFindingsTests, MirrorFollowsTargetTests, the lab's SwitchoverTests) assert the typed findings.
/// </summary>
public sealed class PlanFindingTextTests
{
    private static readonly NodeName Mail1 = new("mail1"), Mail2 = new("mail2");
    private static readonly ServiceName JtMail = new("jt-mail");
    private static readonly DateTimeOffset At = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private static MirrorRun Run(DateTimeOffset started, NodeName target) =>
        new(JtMail, 7, started, started + TimeSpan.FromMinutes(1), "schedule", Mail1, target, 1, new Transferred(0), 0, null);

    private static readonly TakenFromWatch Watched = new(
        new WatchFinding(Mail1, JtMail, At.AddMinutes(-2), At.AddSeconds(-40), new Unreachable(Mail1, "no route to host"), new Silent("timed out")),
        TimeSpan.FromSeconds(40));

    [Fact]
    public void Finding_SaysWhatEachCheckFinds_AndWhoseFindingItIs()
    {
        Assert.Equal(
            "Roles: generation 3: mail1 active, mail2 standby, mirror mail1 → mail2",
            PlanText.Finding(new RolesFinding(new RoleState(JtMail, 3, Mail1, Mail2, false, At, "alice", "switchover"))));
        var vip = new VipReport(VipVerdict.HeldBy, Mail1, [], new Answered("220 mail1.lab ESMTP"), Mail1, "mail1 holds the VIP; answers from mail1");
        Assert.Equal("VIP: mail1 holds the VIP; answers from mail1", PlanText.Finding(new VipFinding(vip, null)));
        Assert.Equal(
            "VIP: mail1 holds the VIP; answers from mail1 (the health watch's finding, 40 s old (mail1 down since 11:58:00Z): not asked again for this card; approving checks it afresh)",
            PlanText.Finding(new VipFinding(vip, Watched)));
        Assert.Equal("mail1 (gives up the VIP): reachable over SSH", PlanText.Finding(new SourceFinding(Mail1, new Exited(Mail1, 0, "", "", TimeSpan.FromMilliseconds(40)), null)));
        Assert.Equal(
            "mail1 (gives up the VIP): mail1: unreachable (no route to host) (the health watch's finding, 40 s old (mail1 down since 11:58:00Z): not asked again for this card; approving checks it afresh)",
            PlanText.Finding(new SourceFinding(Mail1, new Unreachable(Mail1, "no route to host"), Watched)));
        Assert.Equal(
            "mail2 (takes the VIP): reachable over SSH; mail service answers (\"220 mail2.lab ESMTP\")",
            PlanText.Finding(new TargetFinding(Mail2, new Exited(Mail2, 0, "", "", TimeSpan.FromMilliseconds(40)), null, new Answered("220 mail2.lab ESMTP"))));
        Assert.Equal(
            "mail2 (takes the VIP): mail2: timed out after 5 s; mail service SILENT (connection refused)",
            PlanText.Finding(new TargetFinding(Mail2, new TimedOut(Mail2, TimeSpan.FromSeconds(5)), null, new Silent("connection refused"))));
    }

    [Fact]
    public void Finding_SaysHowOldTheMirrorIs_AndHowTheDirectoryStands()
    {
        Assert.Equal("Mirror: never ran", PlanText.Finding(new MirrorFinding(null, null, null)));
        var run = Run(At.AddMinutes(-13), Mail2);
        Assert.Equal(
            "Mirror: last run 12m00s ago Succeeded; last good 13m00s ago (an unplanned failover loses mail received since then)",
            PlanText.Finding(new MirrorFinding(run, TimeSpan.FromMinutes(12), TimeSpan.FromMinutes(13))));
        Assert.Equal(
            "Mirror: last run 12m00s ago Succeeded; never succeeded (an unplanned failover loses mail received since then)",
            PlanText.Finding(new MirrorFinding(run, TimeSpan.FromMinutes(12), null)));
        var report = new ReplicationReport(At, [new PairReplication(new ReplicationPair(Mail1, Mail2), [new InSync("dc=lab", TimeSpan.Zero), new Lagging("o=mail", Mail2, TimeSpan.FromSeconds(30), [])])]);
        Assert.Equal("Directory: dc=lab: in sync; o=mail: mail2 is behind by 30 s", PlanText.Finding(new DirectoryFinding(report, null)));
        Assert.Equal("Directory: unknown (not waited for: mail1 unreachable over SSH)", PlanText.Finding(new DirectoryFinding(null, new NotWaitedFor([Mail1]))));
    }

    [Fact]
    public void Finding_SaysWhatMoves_HowOldTheTargetsCopyIs_AndWhatHoldsTheService()
    {
        Assert.Equal("Service: jt-mail (VIP 198.18.15.10) moves mail1 → mail2", PlanText.Finding(new MoveFinding(JtMail, "198.18.15.10", Mail1, Mail2, false)));
        Assert.Equal(
            "Service: jt-mail (VIP 198.18.15.10) moves mail1 → mail2; the approver accepts putting it over the node's capacity",
            PlanText.Finding(new MoveFinding(JtMail, "198.18.15.10", Mail1, Mail2, true)));

        Assert.Equal(
            "Copy on mail2: never mirrored into: MailHa has never pulled jt-mail's store there; the catch-up run and the final sync pull the store from mail1 into it before it takes the VIP",
            PlanText.Finding(new TargetCopyFinding(JtMail, OperationKind.Switchover, Mail1, Mail2, null, null, SourceAnswers: true)));
        Assert.Equal(
            "Copy on mail2: never mirrored into: MailHa has never pulled jt-mail's store there; the final sync pulls the store from mail1 into it before it takes the VIP",
            PlanText.Finding(new TargetCopyFinding(JtMail, OperationKind.Failover, Mail1, Mail2, null, null, SourceAnswers: true)));
        Assert.Equal(
            "Copy on mail2: never mirrored into: MailHa has never pulled jt-mail's store there; mail1 is unreachable over SSH, so the final sync runs only if its rsync daemon still answers: otherwise mail2 serves whatever copy it holds, without the mail on mail1",
            PlanText.Finding(new TargetCopyFinding(JtMail, OperationKind.Failover, Mail1, Mail2, null, null, SourceAnswers: false)));
        Assert.Equal(
            "Copy on mail2: its last good mirror run was 3d00h ago (mail1 → mail2 at 2026-12-02 12:00Z); mail1 is unreachable over SSH, so the final sync runs only if its rsync daemon still answers: otherwise mail2 serves that copy, 3d00h old, without the mail received on mail1 since",
            PlanText.Finding(new TargetCopyFinding(JtMail, OperationKind.Failover, Mail1, Mail2, Run(At.AddDays(-3), Mail2), TimeSpan.FromDays(3), SourceAnswers: false)));

        var mirroring = new OperationLease("mirror-1", MirrorRunner.LeaseKind, "schedule", At, "host-a:1234", At.AddMinutes(1)) { Service = JtMail };
        Assert.Equal(
            $"Mirror running now: {MirrorRunner.LeaseKind} mirror-1 of jt-mail started by schedule at 2026-12-05 12:00:00Z on host-a; the switchover waits for it to end (at most {Reporting.Durations.Format(ServiceLease.MirrorRunWaitLimit)})",
            PlanText.Finding(new MirrorRunningFinding(mirroring, OperationKind.Switchover)));
        var operating = new OperationLease("failback-1", "failback", "carol", At, "host-b:99", At.AddMinutes(1)) { Service = JtMail };
        Assert.Equal("Running now: failback failback-1 of jt-mail started by carol at 2026-12-05 12:00:00Z on host-b", PlanText.Finding(new OperationRunningFinding(operating)));
        var interrupted = new OperationRecord(JtMail, "switchover-1", OperationKind.Switchover, Mail1, Mail2, 3, "alice", "bob", OperationJournal.Running, At, new HashSet<string> { "preflight", "fence" });
        Assert.Equal("Interrupted: Switchover switchover-1 (mail1 → mail2), done: preflight, fence", PlanText.Finding(new InterruptedFinding(interrupted)));
    }

    [Fact]
    public void Findings_PrintAsTheirLines_InAPlansJson()
    {
        var plan = new FailoverPlan(JtMail, OperationKind.Switchover, Mail1, Mail2, 1, [], [new MirrorFinding(null, null, null), new MoveFinding(JtMail, "198.18.15.10", Mail1, Mail2, false)], [], null);

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(plan, JsonSerializerOptions.Web));

        Assert.Equal(PlanText.Findings(plan), json.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(["Mirror: never ran", "Service: jt-mail (VIP 198.18.15.10) moves mail1 → mail2"], PlanText.Findings(plan));
    }
}
