using MailHa.Operations.Failover;

namespace MailHa.Bot.UseCases;

/// <summary>
/// The words of a failover, switchover or failback report, in one place: each step's line, how it ended, the state it
/// left and what to do next (the report carries them as values), for chat and the command line. Pinned by
/// <c>FailoverReportTextTests</c>.
/// </summary>
public static class FailoverReportText
{
    /// <summary>The whole report as the command line prints it.</summary>
    public static string Format(FailoverReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var steps = report.Steps.Select(s => "  " + Line(s));
        return $"{report.Outcome.ToString().ToUpperInvariant()} {report.Kind} {report.Source} → {report.Target} ({report.OperationId})\n"
            + $"requested by {report.RequestedBy}, approved by {report.ApprovedBy}\n"
            + string.Join('\n', steps) + (report.Steps.Count > 0 ? "\n" : "")
            + $"{report.Describe()}\nNow: {Now(report)}\nNext: {Next(report.NextSteps)}\n";
    }

    /// <summary>The first section of an approved run's progress message, and of its report: who asked, who approved, which request.</summary>
    public static string Header(string requesterName, string approverNames, string requestId) =>
        $"Requested by {requesterName}, approved by {approverNames} ({requestId}).";

    /// <summary>The one-line form of a step everywhere (chat progress, command line, report): mark, number, title, duration, what it came to.</summary>
    public static string Line(StepEvent step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step.State == StepState.Started
            ? $"{Mark(step.State)} {step.Index}. {step.Title}…"
            : $"{Mark(step.State)} {step.Index}. {step.Title} ({step.Duration.TotalSeconds:0.0}s): {(step.State == StepState.Skipped ? "already done by the interrupted run" : step.Result?.Describe())}";
    }

    /// <summary>The state the operation left: who holds the VIP, the recorded roles, the mirror.</summary>
    public static string Now(FailoverReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.SystemState is not { Vip: var vip, Roles: var roles })
        {
            return "unchanged";
        }

        var mirror = roles.MirrorPaused ? "mirror PAUSED: the standby is not being kept up to date" : $"mirror {roles.Active} → {roles.Standby} active";
        return $"{vip.Summary}. Roles {roles.Describe()}; {mirror}.";
    }

    /// <summary>What the operator does now.</summary>
    public static string Next(NextStep next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next switch
        {
            SetMirrorDirection { Kind: OperationKind.Failover } s =>
                $"The mirror is PAUSED. When {s.To} is repaired and its store checked, set the new direction ({s.From} → {s.To}) with 'mirror resume'; later, failback returns the VIP to the original primary.",
            SetMirrorDirection s => $"The mirror is PAUSED until an operator sets the new direction ({s.From} → {s.To}) with 'mirror resume'.",
            NothingChanged => "Nothing was changed.",
            MakeTargetHealthy m => $"Nothing was changed. Make {m.Target} healthy (SSH, mail service, directory), then request again.",
            AcknowledgePrimaryDown a => $"Nothing was changed on {a.Target}. If {a.Source} is really down and the VIP is silent, request again with the primary-down acknowledgement.",
            ClearVip c => $"Check who holds {c.Vip} (status), take it down there, then request again.",
            FixMirrorBeforeFence f =>
                $"Nothing was changed: {f.Source} still serves. Fix the mirror (link, {f.Source}'s rsync daemon, the error above) until '/mail mirror run' succeeds, then request the {Word(f.Kind)} again; or request it again accepting a final-sync failure (mail received on {f.Source} since the last good run would not reach {f.Target}).",
            FixFinalSync => "The final sync failed. Fix the mirror (see the message), or request again accepting the final-sync failure (mail received since the last good run would be lost).",
            WaitForPull w =>
                $"This cannot be accepted as a final-sync failure: raising the VIP on {w.Node} while that pull still writes into its store would let it delete mail delivered there. Wait until it ends (or kill it on {w.Node} by the PID named above), then request the {Word(w.Kind)} again.",
            RepairReplication => "Directory replication is broken. Repair it, or request again accepting broken replication.",
            FinishRecording => "The VIP moved but the roles were not recorded: run the operation again to finish recording.",
            RequestAgainRolledBack r => $"Rolled back: {r.Rollback.Describe()}. Fix the cause above, then request the {Word(r.Kind)} again.",
            RaiseVipByHand r => $"ROLLBACK FAILED: {r.Rollback.Describe()}. Mail may be down: raise the VIP by hand on one node only (see the runbook).",
            _ => "Check status: it shows who holds the VIP now. Request again once the cause is fixed; every step is safe to repeat.",
        };
    }

    private static string Word(OperationKind kind) => kind.ToString().ToLowerInvariant();

    private static string Mark(StepState state) => state switch
    {
        StepState.Done => "✅",
        StepState.Skipped => "⏭",
        StepState.Failed => "❌",
        _ => "⏳",
    };
}
