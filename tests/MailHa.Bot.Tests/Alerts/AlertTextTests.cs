using MailHa.Bot.Alerts;
using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.Paging;
using MailHa.Operations.Failover;
using MailHa.Operations.Jobs;
using MailHa.Operations.Ldap;
using MailHa.Operations.Liveness;
using MailHa.Operations.Mirror;
using MailHa.Operations.Mirror.Continuous;
using MailHa.Operations.Reporting;
using MailHa.Operations.Roles;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Bot.Tests.Alerts;

/// <summary>The words of every alert family, pinned once: its chat message for the alert, a reminder and the recovery, and its page.</summary>
public sealed class AlertTextTests
{
    private static readonly NodeName Mail1 = new("mail1");
    private static readonly NodeName Mail2 = new("mail2");
    private static readonly ServiceName A = new("jt-mail-a");
    private static readonly DateTimeOffset At = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The title and the sections (one paragraph each) of the message said.</summary>
    private static (string Title, string Sections) Words(Alert alert, AlertKind kind)
    {
        var message = AlertText.Message(alert, kind);
        return (message.Title, J([.. message.Sections.Select(s => s.Text)]));
    }

    private static string J(params string[] sections) => string.Join("\n¶\n", sections);

    [Fact]
    public void HealthWatch_SaysSplitBrainMailDownAndBrokenReplication()
    {
        var vip = new VipReport(VipVerdict.SplitBrain, null, [], new Silent("refused"), null, "mail1 and mail2 both hold the VIP.");
        var split = new SplitBrain("split-brain", null, "198.18.15.10", vip);
        var namedDown = new MailDown("mail-down:jt-mail-a", A, "198.18.15.11", vip with { Summary = "Nobody holds the VIP." });
        var broken = new DirectoryReplicationBroken(new ReplicationReport(At, [new PairReplication(new ReplicationPair(Mail1, Mail2), [new Broken("dc=example", [new NodeUnreachable(Mail2, "timeout")])])]));

        Assert.Equal(("🚨 SPLIT BRAIN: both nodes hold the VIP", J("mail1 and mail2 both hold the VIP. What to do: take the VIP down on the node that should not serve (see the runbook), then '/mail status'.")), Words(split, AlertKind.Alert));
        Assert.Equal("⏰ Still: 🚨 SPLIT BRAIN: both nodes hold the VIP", Words(split, AlertKind.Reminder).Title);
        Assert.Equal(("✅ Split brain over", J("mail1 and mail2 both hold the VIP.")), Words(split, AlertKind.Recovery));
        Assert.Equal("🚨 SPLIT BRAIN on jt-mail-a: several nodes hold its VIP 198.18.15.10", Words(split with { Named = A }, AlertKind.Alert).Title);
        Assert.Equal("✅ Split brain on jt-mail-a over", Words(split with { Named = A }, AlertKind.Recovery).Title);
        Assert.Equal("🚨 MAIL DOWN: nobody holds the VIP", Words(namedDown with { Named = null }, AlertKind.Alert).Title);
        Assert.Equal(("🚨 MAIL DOWN on jt-mail-a: nobody holds its VIP 198.18.15.11", J("Nobody holds the VIP. What to do: '/mail status'; if an operation was interrupted, resume it; otherwise raise the VIP on the active node (see the runbook).")), Words(namedDown, AlertKind.Alert));
        Assert.Equal("✅ Mail answers on jt-mail-a's VIP again", Words(namedDown, AlertKind.Recovery).Title);
        Assert.Equal("✅ Mail answers on the VIP again", Words(namedDown with { Named = null }, AlertKind.Recovery).Title);
        Assert.Equal(("🚨 Directory replication BROKEN", J("dc=example: broken: mail2: directory unreachable (timeout). What to do: check both directory servers and their replication agreements; a failover now may lose account changes.")), Words(broken, AlertKind.Alert));
        Assert.Equal(("✅ Directory replication recovered", J("dc=example: broken: mail2: directory unreachable (timeout)")), Words(broken, AlertKind.Recovery));

        Assert.Equal(
            new PageEvent(PageAction.Trigger, "split-brain", "mailha/split-brain", "🚨 SPLIT BRAIN: both nodes hold the VIP: mail1 and mail2 both hold the VIP. What to do: take the VIP down on the node that should not serve (see the runbook), then '/mail status'.", "mailha"),
            AlertText.Page(split, AlertKind.Alert));
        Assert.Null(AlertText.Page(split, AlertKind.Reminder));
        Assert.Equal((PageAction.Resolve, "mailha/mail-down:jt-mail-a", "✅ Mail answers on jt-mail-a's VIP again: Nobody holds the VIP. What to do: '/mail status'; if an operation was interrupted, resume it; otherwise raise the VIP on the active node (see the runbook)."), Paged(namedDown, AlertKind.Recovery));
    }

    private static (PageAction Action, string Key, string Summary) Paged(Alert alert, AlertKind kind) =>
        AlertText.Page(alert, kind) is { } page ? (page.Action, page.DedupKey, page.Summary) : throw new InvalidOperationException("not paged");

    private static MirrorRun Run(MirrorOutcome outcome) => new(A, 1, At, At, "schedule", Mail1, Mail2, 1, outcome, null, null);

    [Fact]
    public void MirrorFailed_SaysWhatFailedHowOldTheCopyIsAndWhatToDo()
    {
        var lastGood = Run(new Transferred(0)) with { StartedAt = At.AddMinutes(-25) };
        var auth = Run(new RsyncAuthFailed(5, "@ERROR: auth failed on module msgstore"));
        var failed = new MirrorFailed(auth, lastGood, TimeSpan.FromMinutes(25));

        Assert.Equal(
            ("🚨 Mirror FAILED: mail1 → mail2",
            J(
                $"{auth.Verdict}: {auth.Message}",
                $"Mirror age: the standby's copy is {Durations.Format(TimeSpan.FromMinutes(25))} old (last good run 2026-11-25 11:35Z). An unplanned failover now would lose mail received since then.",
                "What to do: the rsync password on the standby does not match the module's secrets file on the active node; fix it, then '/mail mirror run'."
            )),
            Words(failed, AlertKind.Alert));
        Assert.Equal("⏰ Still failing: mail1 → mail2", Words(failed, AlertKind.Reminder).Title);
        var good = Run(new Transferred(0));
        Assert.Equal(("✅ Mirror recovered: mail1 → mail2", J(good.Describe())), Words(failed with { Run = good }, AlertKind.Recovery));
        Assert.Equal("Mirror age: the mirror never succeeded. An unplanned failover now would lose mail received since then.", AlertText.Message(failed with { LastGood = null, CopyAge = null }, AlertKind.Alert).Sections[1].Text);

        string NextStep(MirrorOutcome outcome) => AlertText.Message(failed with { Run = Run(outcome) }, AlertKind.Alert).Sections[2].Text;
        Assert.Equal("What to do: the active node's store looks unmounted or emptied. Check the mount and the store; the standby kept its copy.", NextStep(new SentinelMissing(Mail1, ".mailha-sentinel", "/srv/store")));
        Assert.Equal("What to do: the active node's store lost many files. Check it before anything else; do not fail over to a node whose store you have not checked.", NextStep(new MaxDeleteReached(200)));
        Assert.Equal("What to do: usually nothing: the earlier pull ends by itself and the next run retries. Check that every MailHa instance is up. If that pull hangs (a dead mirror link), kill it on mail2 by the PID named above, then '/mail mirror run'.", NextStep(new PullStillRunning(Mail2, "an earlier mirror pull into /srv/store is still running on mail2 (PID 4242)")));
        Assert.Equal("What to do: free space on mail2's store file system (df there), then '/mail mirror run'. The run deleted nothing (mail2 deletes only after a complete transfer): mail2 keeps its last copy, older every interval until then.", NextStep(new StoreFull(Mail2, 11, "No space left on device (28)")));

        Assert.Equal((PageAction.Trigger, "mailha/mirror", $"🚨 Mirror FAILED: mail1 → mail2: {auth.Verdict}: {auth.Message}. Mirror age: the standby's copy is {Durations.Format(TimeSpan.FromMinutes(25))} old (last good run 2026-11-25 11:35Z)."), Paged(failed, AlertKind.Alert));
        Assert.Equal("mail1", AlertText.Page(failed, AlertKind.Alert)!.Source);
    }

    [Fact]
    public void ContinuousMirror_SaysItFellBackOrLagsAndWhenItRecovered()
    {
        var fellBack = new StreamFellBack(A, true, "mail1 allows 8192 inotify watches");
        var lag = new LagTooHigh(A, true, TimeSpan.FromMinutes(12), TimeSpan.FromMinutes(1));

        Assert.Equal(("🚨 Continuous mirror fell back to the interval", J($"{fellBack.Describe()}. An unplanned failover now loses up to one interval of mail. The watcher is tried again every {Durations.Format(ContinuousMirror.FallBackRetry)}.")), Words(new ContinuousMirrorTrouble(fellBack, false), AlertKind.Alert));
        Assert.Equal(("🚨 Mirror lag of jt-mail-a too high", J($"{lag.Describe()}. Check the mirror network and both nodes ('/mail status').")), Words(new ContinuousMirrorTrouble(lag, true), AlertKind.Alert));
        Assert.Equal(("✅ Continuous mirror recovered", J((lag with { Active = false }).Describe())), Words(new ContinuousMirrorTrouble(lag with { Active = false }, false), AlertKind.Recovery));
        Assert.Equal((PageAction.Trigger, "mailha/mirror-lag/jt-mail-a", $"🚨 Mirror lag of jt-mail-a too high: {lag.Describe()}"), Paged(new ContinuousMirrorTrouble(lag, true), AlertKind.Alert));
        Assert.Equal(PageAction.Resolve, AlertText.Page(new ContinuousMirrorTrouble(lag with { Active = false }, false), AlertKind.Recovery)!.Action);
    }

    private static LivenessSample Sample() => new(
        At,
        new RoleState(A, 3, Mail1, Mail2, false, At, "alice", "switchover"),
        [new LivenessView(LivenessViewKind.Ssh, Mail1, At, false, "timeout"), new LivenessView(LivenessViewKind.Ssh, Mail2, At, false, "timeout")]);

    [Fact]
    public void Liveness_SaysNeitherNodeIsVisibleOrTheActiveIsDownWithoutAHealthyStandby()
    {
        var neither = new NeitherNodeVisible(new NeitherVisible(Sample(), At));
        var down = new NodeDownStandbyUnhealthy("active-down-standby-unhealthy", Mail1, new ActiveDownStandbyUnhealthy(Sample(), At));
        const string Views = "ssh mail1: NO ANSWER (timeout)\nssh mail2: NO ANSWER (timeout)";

        Assert.Equal(("🚨 MailHa cannot see either node", J("No view of either node answers (SSH, SMTP, VIP, directory). This is most likely MailHa's own network, not both nodes: check from another host. No failover is proposed.", Views)), Words(neither, AlertKind.Alert));
        Assert.True(AlertText.Message(neither, AlertKind.Alert).Sections[1].Monospace);
        Assert.Equal("⏰ Still: 🚨 MailHa cannot see either node", Words(neither, AlertKind.Reminder).Title);
        Assert.Equal(("✅ MailHa sees the nodes again", J(neither.Verdict.Describe())), Words(neither, AlertKind.Recovery));
        Assert.Equal(("🚨 mail1 (active) is DOWN and mail2 (standby) is not healthy", J("No failover is proposed: mail2 could not take over. Check both nodes ('/mail status').", Views)), Words(down, AlertKind.Alert));
        Assert.Equal("✅ mail1 (active) or its standby answers again", Words(down, AlertKind.Recovery).Title);
        var page = AlertText.Page(down, AlertKind.Alert)!;
        Assert.Equal(("mailha/active-down-standby-unhealthy", "🚨 mail1 (active) is DOWN and mail2 (standby) is not healthy: No failover is proposed: mail2 could not take over. Check both nodes ('/mail status').", "mail1", Views), (page.DedupKey, page.Summary, page.Source, page.Details));
    }

    [Fact]
    public void NoStandby_SaysWhichNodeIsDownAndWhereTheServiceStillRuns()
    {
        var none = new NoStandby(A, Mail1, Mail2, At.AddMinutes(-3), Mail1);

        Assert.Equal(("⚠️ jt-mail-a has no standby: mail1 down, its mirror cannot run", J("Nothing of mail1 has answered since 11:57Z. jt-mail-a still runs on mail2, but a failure there now has nowhere to go: bring mail1 back ('/mail status').")), Words(none, AlertKind.Alert));
        Assert.Equal("⏰ Still: jt-mail-a has no standby: mail1 down, its mirror cannot run", Words(none, AlertKind.Reminder).Title);
        Assert.Equal(("✅ jt-mail-a has a standby again", J("mail1 is its standby and answers (or jt-mail-a moved).")), Words(none, AlertKind.Recovery));
        Assert.Equal((PageAction.Resolve, "mailha/no-standby:jt-mail-a/mail1", "✅ jt-mail-a has a standby again"), Paged(none, AlertKind.Recovery));
    }

    [Fact]
    public void Interrupted_SaysWhatStoppedAndHowToGoOn()
    {
        var mirror = new InterruptedMirror(A, "mirror-1", "schedule", At, "host-1");
        var operation = new InterruptedOperation(A, "switchover-20261125-115500-1a2b", OperationKind.Switchover, Mail1, Mail2, "alice", "bob", At, "preflight", At, "VIP on mail1 since 12:00Z");

        Assert.Equal(("⚠ INTERRUPTED mirror run mirror-1", J($"{mirror.Describe()}. The standby is as old as the last good run.", $"It is safe to repeat: {InterruptedMirror.Resume}.")), Words(new MirrorRunInterrupted(mirror), AlertKind.Alert));
        Assert.Equal("⏰ Still: INTERRUPTED mirror run mirror-1", Words(new MirrorRunInterrupted(mirror), AlertKind.Reminder).Title);
        Assert.Equal(("✅ The mirror ran again after the interrupted run", J("'/mail mirror history' shows the run.")), Words(new MirrorRunInterrupted(null), AlertKind.Recovery));

        var alert = AlertText.Message(new OperationInterrupted(operation), AlertKind.Alert);
        Assert.Equal(
            ("🚨 INTERRUPTED switchover switchover-20261125-115500-1a2b: VIP on mail1 since 12:00Z",
            J(
                "Requested by alice, approved by bob, started 12:00Z; last completed step: preflight. Nothing runs it now: its process stopped.",
                "Resume asks for it again: a second person approves what remains, as the plan looks now; the steps already done are skipped. MailHa never resumes it by itself."
            )),
            Words(new OperationInterrupted(operation), AlertKind.Alert));
        Assert.Equal(new ChatAction(new CardAction.ResumeOperation(operation.Id), "Resume switchover", ChatActionStyle.Primary), Assert.Single(alert.Actions));
        Assert.Equal("⏰ Still: INTERRUPTED switchover switchover-20261125-115500-1a2b: VIP on mail1 since 12:00Z", Words(new OperationInterrupted(operation), AlertKind.Reminder).Title);
        Assert.Equal(("✅ No operation is interrupted any more", J("It was resumed or finished. '/mail status' shows where things stand.")), Words(new OperationInterrupted(null), AlertKind.Recovery));
        Assert.Equal((PageAction.Trigger, "mailha/interrupted-operation", "🚨 INTERRUPTED switchover switchover-20261125-115500-1a2b: VIP on mail1 since 12:00Z"), Paged(new OperationInterrupted(operation), AlertKind.Alert));
    }

    private static FailoverProposal.Outage Outage(FailoverRequestStatus? status = null, MirrorAge? age = null, PlacementRefused? refusal = null) =>
        new(Mail1, At, "12:00:00Z  ssh mail1: NO ANSWER (timeout)", [new FailoverProposal.ProposedFailover(A, Mail2, refusal) { MirrorAge = age ?? new MirrorNeverSucceeded(), Status = status }])
        {
            Replication = "not checked: mail1's directory does not answer (timeout); mail2's copy has what was replicated before",
        };

    [Fact]
    public void Proposal_SaysWhatWasSeenWhatAFailoverLosesAndHowItEnded()
    {
        var proposed = new FailoverProposed("active-down", Outage(), OneService: true);

        Assert.Equal(
            ("🚨 mail1 (active) is DOWN: failover to mail2 proposed",
            J(
                "Nothing of mail1 has answered since 12:00Z; mail2 (standby) is healthy. What MailHa saw:\n12:00:00Z  ssh mail1: NO ANSWER (timeout)",
                "Mirror age: the mirror never succeeded. An unplanned failover loses the mail mail1 received since then.",
                "Directory replication: not checked: mail1's directory does not answer (timeout); mail2's copy has what was replicated before.",
                "Request failover asks for 'failover --primary-down' in your name: another approver must still approve it. Only if mail1 is really down (it keeps the VIP if it comes back: fence it before the links return). MailHa never fails over by itself."
            )),
            Words(proposed, AlertKind.Alert));
        Assert.Equal([FailoverProposal.RequestButton], AlertText.Message(proposed, AlertKind.Alert).Actions);
        Assert.Equal(
            new PageEvent(PageAction.Trigger, "active-down", FailoverProposal.PageKeyOf("mail1", At), "🚨 mail1 (active) is DOWN: failover to mail2 proposed. Mirror age: the mirror never succeeded. Replication: not checked: mail1's directory does not answer (timeout); mail2's copy has what was replicated before.", "mail1", "12:00:00Z  ssh mail1: NO ANSWER (timeout)"),
            AlertText.Page(proposed, AlertKind.Alert));

        Assert.Equal(
            ("⏰ Still: mail1 (active) DOWN since 12:00Z, and nobody has requested a failover", J("The proposal card has a Request failover button (or type '/mail failover --primary-down'). Mirror age: the mirror never succeeded.")),
            Words(new FailoverNotRequested("active-down", Outage(), [A], OneService: true), AlertKind.Reminder));
        Assert.Equal(
            "⏰ Still: mail1 (active) DOWN since 12:00Z, and nobody has requested a failover of jt-mail-a",
            Words(new FailoverNotRequested("active-down:mail1", Outage(), [A], OneService: false), AlertKind.Reminder).Title);

        var status = "Failover r-1a2b3c requested by bob, approved by alice: done.";
        var replaced = new OutageOver("active-down", Outage(new FailoverDone("r-1a2b3c", "bob", ["alice"])), [new RoleState(A, 4, Mail2, Mail1, true, At.AddMinutes(2), "bob (approved by alice)", "failover")], null, OneService: true);
        Assert.Equal(
            ("✅ mail2 is now active: mail1's outage handled", J("mail1 was down from 12:00Z; mail2 is active since 12:02Z (failover, by bob (approved by alice)).", status)),
            Words(replaced, AlertKind.Recovery));
        var back = replaced with { Outage = Outage(), Now = [new RoleState(A, 3, Mail1, Mail2, false, At, "alice", "switchover")], Verdict = new ActiveAlive(Sample() with { At = At.AddMinutes(5) }) };
        Assert.Equal(("✅ mail1 recovered, no action needed", J("mail1 was down from 12:00Z and answers again at 12:05Z (its views answer). The proposal is withdrawn.")), Words(back, AlertKind.Recovery));
        Assert.Equal((PageAction.Resolve, FailoverProposal.PageKeyOf("mail1", At), "✅ mail2 is now active: mail1's outage handled"), Paged(replaced, AlertKind.Recovery));
    }

    [Fact]
    public void Proposal_SaysEachMirrorAgeRefusalAndRequestStatus()
    {
        static string Section(FailoverProposal.Outage outage, int index) => AlertText.Message(new FailoverProposed("active-down", outage, OneService: true), AlertKind.Alert).Sections[index].Text;
        var lastGood = At.AddHours(-5);

        Assert.Equal(
            "Mirror age: the standby's copy is 5h00m old (last good run 2026-11-25 07:00Z). An unplanned failover loses the mail mail1 received since then.",
            Section(Outage(age: new StandbyCopyAge(lastGood, At - lastGood)), 1));
        Assert.Equal(
            "Mirror age: mail2's copy is 5h00m old (its last good run 2026-11-25 07:00Z; the mirror feeds the standby mail3, not it). An unplanned failover loses the mail mail1 received since then.",
            Section(Outage(age: new PastStandbyCopyAge(Mail2, new NodeName("mail3"), lastGood, At - lastGood)), 1));
        Assert.Equal(
            "Mirror age: mail2 (past the standby mail3, which the mirror feeds) was never mirrored into: it would serve whatever copy it holds. An unplanned failover loses the mail mail1 received since then.",
            Section(Outage(age: new PastStandbyNeverMirrored(Mail2, new NodeName("mail3"))), 1));
        Assert.Equal(
            "⚠️ jt-mail-a: mail2 already runs jt-mail-b and its capacity is 1: jt-mail-a there would be more than it may run at once (accept it with --accept-over-capacity).",
            Section(Outage(refusal: new OverCapacity(A, Mail2, [new ServiceName("jt-mail-b")], 1)), 2));

        Assert.Equal("Failover requested by bob as r-1a2b3c: waiting for another approver.", Section(Outage(new FailoverAwaitingApproval("r-1a2b3c", "bob")), 0));
        Assert.Equal("Failover r-1a2b3c requested by bob, approved by alice: running.", Section(Outage(new FailoverRunning("r-1a2b3c", "bob", ["alice"])), 0));
        Assert.Equal("Failover r-1a2b3c requested by bob, approved by alice, carol: done.", Section(Outage(new FailoverDone("r-1a2b3c", "bob", ["alice", "carol"])), 0));
        Assert.Equal("Failover r-1a2b3c requested by bob, approved by nobody: FAILED (see its progress message).", Section(Outage(new FailoverFailed("r-1a2b3c", "bob", [])), 0));
        Assert.Equal("Request r-1a2b3c ended (voided); nothing was changed.", Section(Outage(new FailoverRequestEnded("r-1a2b3c", ApprovalState.Voided)), 0));
        Assert.Equal("Request r-1a2b3c ended (gone); nothing was changed.", Section(Outage(new FailoverRequestEnded("r-1a2b3c", null)), 0));

        // A proposal kept before these were values shows its words as they were.
        var kept = new FailoverProposal.Outage(Mail1, At, "views", [new FailoverProposal.ProposedFailover(A, Mail2, null)
        {
            RefusalAsWorded = "mail2 already runs jt-mail-b.",
            MirrorAge = new MirrorAgeAsWorded("the mirror never succeeded"),
            Status = new FailoverStatusAsWorded("Failover requested by bob as r-1a2b3c: waiting for another approver."),
        }]) { Replication = "ok" };
        Assert.Equal(
            ["Failover requested by bob as r-1a2b3c: waiting for another approver.", "Mirror age: the mirror never succeeded. An unplanned failover loses the mail mail1 received since then.", "⚠️ jt-mail-a: mail2 already runs jt-mail-b."],
            [Section(kept, 0), Section(kept, 2), Section(kept, 3)]);
    }
}
