using MailHa.Bot.Chat;
using MailHa.Bot.Paging;
using MailHa.Operations.Liveness;
using MailHa.Operations.Mirror;
using MailHa.Operations.Mirror.Continuous;
using MailHa.Operations.Reporting;

namespace MailHa.Bot.Alerts;

/// <summary>
/// The words of every <see cref="Alert"/>, in one place: its chat message (<see cref="Message"/>) and its PagerDuty
/// event (<see cref="Page"/>: a streak's first alert triggers, its recovery resolves, under the same key; reminders page
/// nobody again).
/// </summary>
public static class AlertText
{
    public static ChatMessage Message(Alert alert, AlertKind kind)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var still = kind == AlertKind.Reminder;
        return alert switch
        {
            SplitBrain or MailDown or DirectoryReplicationBroken => Streak(Health(alert), kind),
            MirrorFailed failed => kind == AlertKind.Recovery
                ? ChatMessage.Text($"✅ Mirror recovered: {failed.Run.Source} → {failed.Run.Target}", failed.Run.Describe())
                : new ChatMessage(
                    $"{(still ? "⏰ Still failing" : "🚨 Mirror FAILED")}: {failed.Run.Source} → {failed.Run.Target}",
                    [
                        new ChatSection($"{failed.Run.Verdict}: {failed.Run.Message}"),
                        new ChatSection($"Mirror age: {MirrorAge(failed)}. An unplanned failover now would lose mail received since then."),
                        new ChatSection(NextStep(failed.Run)),
                    ],
                    []),
            ContinuousMirrorTrouble trouble => Continuous(trouble),
            NeitherNodeVisible or NodeDownStandbyUnhealthy => Liveness(alert, kind),
            NoStandby none => kind == AlertKind.Recovery
                ? ChatMessage.Text($"✅ {none.Service} has a standby again", $"{none.Standby} is its standby and answers (or {none.Service} moved).")
                : ChatMessage.Text(
                    $"{(still ? "⏰ Still: " : "⚠️ ")}{none.Service} has no standby: {none.Standby} down, its mirror cannot run",
                    $"Nothing of {none.Standby} has answered since {ChatTime.Clock(none.UnseenSince)}. {none.Service} still runs on {none.Active}, but a failure there now has nowhere to go: bring {none.Standby} back ('/mail status')."),
            MirrorRunInterrupted { Run: null } => ChatMessage.Text("✅ The mirror ran again after the interrupted run", "'/mail mirror history' shows the run."),
            MirrorRunInterrupted { Run: { } run } => ChatMessage.Text(
                $"{(still ? "⏰ Still: " : "⚠ ")}INTERRUPTED mirror run {run.Id}",
                $"{run.Describe()}. The standby is as old as the last good run.",
                $"It is safe to repeat: {InterruptedMirror.Resume}."),
            OperationInterrupted { Operation: null } => ChatMessage.Text("✅ No operation is interrupted any more", "It was resumed or finished. '/mail status' shows where things stand."),
            OperationInterrupted { Operation: { } now } => new ChatMessage(
                $"{(still ? "⏰ Still: " : "🚨 ")}INTERRUPTED {now.Verb} {now.Id}: {now.StateLeft}",
                [
                    new($"Requested by {now.RequestedBy}, approved by {now.ApprovedBy}, started {ChatTime.Clock(now.StartedAt)}; last completed step: {now.LastCompletedStep ?? "none"}. Nothing runs it now: its process stopped."),
                    new("Resume asks for it again: a second person approves what remains, as the plan looks now; the steps already done are skipped. MailHa never resumes it by itself."),
                ],
                [new(new CardAction.ResumeOperation(now.Id), $"Resume {now.Verb}", ChatActionStyle.Primary)]),
            FailoverProposed proposed => Proposal(proposed),
            FailoverNotRequested reminder => reminder.OneService
                ? ChatMessage.Text(
                    $"⏰ Still: {reminder.Outage.Active} (active) DOWN since {ChatTime.Clock(reminder.Outage.Since)}, and nobody has requested a failover",
                    $"The proposal card has a Request failover button (or type '/mail failover --primary-down'). Mirror age: {reminder.Outage.Legs[0].MirrorAge.Describe()}.")
                : ChatMessage.Text(
                    $"⏰ Still: {reminder.Outage.Active} (active) DOWN since {ChatTime.Clock(reminder.Outage.Since)}, and nobody has requested a failover of {string.Join(", ", reminder.Unrequested)}",
                    "The proposal card has a Request failover button per service (or type '/mail failover SERVICE --primary-down')."),
            OutageOver over => Over(over),
            _ => throw new ArgumentOutOfRangeException(nameof(alert), alert.GetType().Name, "an alert without words"),
        };
    }

    /// <summary>The PagerDuty event of <paramref name="alert"/> raised as <paramref name="kind"/>, or null: not paged.</summary>
    public static PageEvent? Page(Alert alert, AlertKind kind)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var title = Message(alert, kind).Title;
        return alert switch
        {
            SplitBrain or MailDown or DirectoryReplicationBroken => Streak(alert, kind, "mailha", $"{title}: {Health(alert).AlertText}"),
            MirrorFailed failed => Streak(alert, kind, failed.Run.Source.ToString(), $"{title}: {failed.Run.Verdict}: {failed.Run.Message}. Mirror age: {MirrorAge(failed)}.", Details(alert, kind)),
            ContinuousMirrorTrouble trouble => Streak(alert, kind, "mailha", $"{title}: {trouble.Problem.Describe()}", outage: trouble.NameService ? trouble.Problem.Service.Value : null),
            NeitherNodeVisible visible => Streak(alert, kind, "mailha", $"{title}: {Liveness(visible).AlertText}", Views(visible.Verdict)),
            NodeDownStandbyUnhealthy down => Streak(alert, kind, down.Node.ToString(), $"{title}: {Liveness(down).AlertText}", Views(down.Verdict)),
            NoStandby none => Streak(alert, kind, none.Standby.ToString(), title, outage: none.PagedNode.Value),
            MirrorRunInterrupted or OperationInterrupted => Streak(alert, kind, "mailha", title, Details(alert, kind)),
            FailoverProposed proposed => new PageEvent(
                PageAction.Trigger, FailoverProposal.Problem, proposed.Outage.PageKey,
                $"{title}. {string.Join(" ", proposed.Outage.Legs.Select(l => proposed.OneService ? $"Mirror age: {l.MirrorAge.Describe()}." : $"{l.Service} mirror age: {l.MirrorAge.Describe()}."))} Replication: {proposed.Outage.Replication}.",
                proposed.Outage.Active.ToString(),
                proposed.Outage.Views),
            OutageOver over => new PageEvent(PageAction.Resolve, FailoverProposal.Problem, over.Outage.PageKey, title, over.Outage.Active.ToString()),
            _ => null,
        };
    }

    /// <summary>A streak's page: its first alert triggers, its recovery resolves (same key); reminders page nobody again.</summary>
    private static PageEvent? Streak(Alert alert, AlertKind kind, string source, string summary, string? details = null, string? outage = null) => kind switch
    {
        AlertKind.Alert => new PageEvent(PageAction.Trigger, alert.Streak, PageEvent.KeyFor(alert.Streak, outage), summary, source, details),
        AlertKind.Recovery => new PageEvent(PageAction.Resolve, alert.Streak, PageEvent.KeyFor(alert.Streak, outage), summary, source, details),
        _ => null,
    };

    private static string Details(Alert alert, AlertKind kind) => string.Join('\n', Message(alert, kind).Sections.Select(s => s.Text));

    /// <summary>The health watch's words: the alert's title and text, the recovery's title and text.</summary>
    private sealed record Worded(string AlertTitle, string AlertText, string RecoveryTitle, string RecoveryText);

    private static ChatMessage Streak(Worded words, AlertKind kind) => kind == AlertKind.Recovery
        ? ChatMessage.Text(words.RecoveryTitle, words.RecoveryText)
        : ChatMessage.Text(kind == AlertKind.Reminder ? $"⏰ Still: {words.AlertTitle}" : words.AlertTitle, words.AlertText);

    private static Worded Health(Alert alert) => alert switch
    {
        SplitBrain split => new(
            split.Named is { } service ? $"🚨 SPLIT BRAIN on {service}: several nodes hold its VIP {split.VipAddress}" : "🚨 SPLIT BRAIN: both nodes hold the VIP",
            split.Vip.Summary + " What to do: take the VIP down on the node that should not serve (see the runbook), then '/mail status'.",
            split.Named is { } over ? $"✅ Split brain on {over} over" : "✅ Split brain over",
            split.Vip.Summary),
        MailDown down => new(
            down.Named is { } service ? $"🚨 MAIL DOWN on {service}: nobody holds its VIP {down.VipAddress}" : "🚨 MAIL DOWN: nobody holds the VIP",
            down.Vip.Summary + " What to do: '/mail status'; if an operation was interrupted, resume it; otherwise raise the VIP on the active node (see the runbook).",
            down.Named is { } back ? $"✅ Mail answers on {back}'s VIP again" : "✅ Mail answers on the VIP again",
            down.Vip.Summary),
        DirectoryReplicationBroken broken => new(
            "🚨 Directory replication BROKEN",
            Suffixes(broken) + ". What to do: check both directory servers and their replication agreements; a failover now may lose account changes.",
            "✅ Directory replication recovered",
            Suffixes(broken)),
        _ => throw new ArgumentOutOfRangeException(nameof(alert), alert.GetType().Name, "not a health watch alert"),
    };

    private static string Suffixes(DirectoryReplicationBroken broken) => string.Join("; ", broken.Report.Suffixes.Select(s => s.Describe()));

    private static string MirrorAge(MirrorFailed failed) => failed.LastGood is null || failed.CopyAge is not { } age
        ? "the mirror never succeeded"
        : $"the standby's copy is {Durations.Format(age)} old (last good run {failed.LastGood.StartedAt:yyyy-MM-dd HH:mm}Z)";

    private static string NextStep(MirrorRun run) => run.Outcome switch
    {
        RsyncAuthFailed => "What to do: the rsync password on the standby does not match the module's secrets file on the active node; fix it, then '/mail mirror run'.",
        StoreFull full => $"What to do: free space on {full.Node}'s store file system (df there), then '/mail mirror run'. The run deleted nothing ({full.Node} deletes only after a complete transfer): {full.Node} keeps its last copy, older every interval until then.",
        MaxDeleteReached => "What to do: the active node's store lost many files. Check it before anything else; do not fail over to a node whose store you have not checked.",
        SentinelMissing or FileCountDropped => "What to do: the active node's store looks unmounted or emptied. Check the mount and the store; the standby kept its copy.",
        MirrorPaused => "What to do: set the mirror direction with '/mail mirror resume' once the stores are checked.",
        PullStillRunning running => $"What to do: usually nothing: the earlier pull ends by itself and the next run retries. Check that every MailHa instance is up. If that pull hangs (a dead mirror link), kill it on {running.Node} by the PID named above, then '/mail mirror run'.",
        _ => "What to do: check the mirror network and both nodes ('/mail status'), then '/mail mirror run'.",
    };

    private static ChatMessage Continuous(ContinuousMirrorTrouble trouble)
    {
        var problem = trouble.Problem;
        var of = trouble.NameService ? $" of {problem.Service}" : "";
        return (problem, problem.Active) switch
        {
            (StreamFellBack, true) => ChatMessage.Text(
                $"🚨 Continuous mirror{of} fell back to the interval",
                $"{problem.Describe()}. An unplanned failover now loses up to one interval of mail. The watcher is tried again every {Durations.Format(Operations.Jobs.ContinuousMirror.FallBackRetry)}."),
            (LagTooHigh, true) => ChatMessage.Text(
                $"🚨 Mirror lag{of} too high",
                $"{problem.Describe()}. Check the mirror network and both nodes ('/mail status')."),
            _ => ChatMessage.Text($"✅ Continuous mirror{of} recovered", problem.Describe()),
        };
    }

    /// <summary>The liveness watch's words: the alert's title and text, the recovery's title.</summary>
    private sealed record LivenessWords(string AlertTitle, string AlertText, string RecoveryTitle);

    private static LivenessWords Liveness(Alert alert) => alert switch
    {
        NeitherNodeVisible => new(
            "🚨 MailHa cannot see either node",
            "No view of either node answers (SSH, SMTP, VIP, directory). This is most likely MailHa's own network, not both nodes: "
                + "check from another host. No failover is proposed.",
            "✅ MailHa sees the nodes again"),
        NodeDownStandbyUnhealthy down => new(
            $"🚨 {down.Node} (active) is DOWN and {down.Verdict.Sample.Standby} (standby) is not healthy",
            $"No failover is proposed: {down.Verdict.Sample.Standby} could not take over. Check both nodes ('/mail status').",
            $"✅ {down.Node} (active) or its standby answers again"),
        _ => throw new ArgumentOutOfRangeException(nameof(alert), alert.GetType().Name, "not a liveness alert"),
    };

    private static LivenessVerdict VerdictOf(Alert alert) => alert switch
    {
        NeitherNodeVisible visible => visible.Verdict,
        NodeDownStandbyUnhealthy down => down.Verdict,
        _ => throw new ArgumentOutOfRangeException(nameof(alert), alert.GetType().Name, "not a liveness alert"),
    };

    private static string Views(LivenessVerdict verdict) => string.Join('\n', verdict.Sample.Views.Select(v => v.Describe()));

    private static ChatMessage Liveness(Alert alert, AlertKind kind)
    {
        var words = Liveness(alert);
        var verdict = VerdictOf(alert);
        return kind == AlertKind.Recovery
            ? ChatMessage.Text(words.RecoveryTitle, verdict.Describe())
            : new ChatMessage(kind == AlertKind.Reminder ? $"⏰ Still: {words.AlertTitle}" : words.AlertTitle, [new(words.AlertText), new(Views(verdict), Monospace: true)], []);
    }

    private static ChatMessage Proposal(FailoverProposed proposed)
    {
        var (outage, one) = (proposed.Outage, proposed.OneService);
        var first = outage.Legs[0];
        List<ChatSection> sections = [.. outage.Legs.Where(l => l.Status is not null).Select(l => new ChatSection(one ? l.Status!.Describe() : $"{l.Service}: {l.Status!.Describe()}"))];
        sections.Add(new(one
            ? $"Nothing of {outage.Active} has answered since {ChatTime.Clock(outage.Since)}; {first.Target} (standby) is healthy. What MailHa saw:\n{outage.Views}"
            : $"Nothing of {outage.Active} has answered since {ChatTime.Clock(outage.Since)}; it was running {string.Join(", ", outage.Legs.Select(l => l.Service))}. What MailHa saw:\n{outage.Views}", Monospace: true));
        foreach (var leg in outage.Legs)
        {
            var mirror = leg.MirrorLag.Length > 0
                ? $"Mirror lag: {leg.MirrorLag} (continuous, measured by the heartbeat while {outage.Active} answered): an unplanned failover now loses about {leg.MirrorLag} of mail. Last full run: {leg.MirrorAge.Describe()}."
                : $"Mirror age: {leg.MirrorAge.Describe()}. An unplanned failover loses the mail {outage.Active} received since then.";
            sections.Add(new(one ? mirror : $"{leg.Service} to {leg.Target?.ToString() ?? "nowhere"}: {mirror}"));
            if ((leg.Refusal?.Reason ?? leg.RefusalAsWorded) is { } refusal)
            {
                sections.Add(new($"⚠️ {leg.Service}: {refusal}"));
            }
        }

        sections.Add(new($"Directory replication: {outage.Replication}."));
        sections.Add(new((one
                ? "Request failover asks for 'failover --primary-down' in your name: another approver must still approve it. "
                : "Each Request failover button asks for 'failover SERVICE --primary-down' in your name: another approver must still approve it. ")
            + $"Only if {outage.Active} is really down (it keeps the VIP if it comes back: fence it before the links return). MailHa never fails over by itself."));

        var title = one
            ? $"🚨 {outage.Active} (active) is DOWN: failover to {first.Target} proposed"
            : $"🚨 {outage.Active} (active) is DOWN: failover of {string.Join(", ", outage.Legs.Select(l => $"{l.Service} to {l.Target?.ToString() ?? "nowhere"}"))} proposed";
        List<ChatAction> buttons = [.. outage.Legs.Where(l => l.RequestId is null && l.Target is not null).Select(l => one ? FailoverProposal.RequestButton : FailoverProposal.RequestButtonFor(l.Service))];
        return new ChatMessage(title, sections, buttons);
    }

    private static ChatMessage Over(OutageOver over)
    {
        var (outage, states, verdict) = (over.Outage, over.Now, over.Verdict);
        var moved = states.Where(s => s.Active != outage.Active).ToList();
        var replaced = over.Replaced;
        var title = (replaced, over.OneService) switch
        {
            (true, true) => $"✅ {states[0].Active} is now active: {outage.Active}'s outage handled",
            (true, false) => $"✅ {outage.Active}'s outage handled: {string.Join(", ", states.Select(s => $"{s.Service} now on {s.Active}"))}",
            _ => $"✅ {outage.Active} recovered, no action needed",
        };
        List<ChatSection> sections = [];
        if (replaced && over.OneService)
        {
            var now = states[0];
            sections.Add(new($"{outage.Active} was down from {ChatTime.Clock(outage.Since)}; {now.Active} is active since {ChatTime.Clock(now.ChangedAt)} ({now.Reason}, by {now.ChangedBy})."));
        }
        else
        {
            var answering = verdict?.Sample.Of(outage.Active).Where(v => v.Answers == true).Select(v => v.Describe()).FirstOrDefault();
            sections.Add(new(replaced
                ? $"{outage.Active} was down from {ChatTime.Clock(outage.Since)}."
                : $"{outage.Active} was down from {ChatTime.Clock(outage.Since)} and answers again at {ChatTime.Clock(verdict?.Sample.At ?? outage.Since)} ({answering ?? "its views answer"}). The proposal is withdrawn."));
            sections.AddRange(moved.Select(s => new ChatSection($"{s.Service}: {s.Active} is active since {ChatTime.Clock(s.ChangedAt)} ({s.Reason}, by {s.ChangedBy}).")));
        }

        foreach (var (leg, state) in outage.Legs.Zip(states).Where(p => p.First.Status is not null))
        {
            var back = leg.RequestId is not null && state.Active == outage.Active;
            var status = back ? $"{leg.Status!.Describe()} The node is back: reject the request if the failover is no longer wanted." : leg.Status!.Describe();
            sections.Add(new(over.OneService ? status : $"{leg.Service}: {status}"));
        }

        return new ChatMessage(title, sections, []);
    }
}
