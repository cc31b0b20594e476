using MailHa.Operations.Ldap;

namespace MailHa.Operations.Failover;

/// <summary>
/// 5. Directory replication of the replicated suffixes (only those). Broken replication stops the
/// plan unless the approver accepted it; with the old primary acknowledged down, only the target's
/// directory can be checked, and the report says so.
/// </summary>
public sealed class VerifyDirectoryStep(ReplicationChecker checker, DirectoryPing ping) : FailoverStep
{
    public override int Order => 5;

    public override string Name => "verify-directory";

    public override string Title => "Verify directory replication";

    public override string Rule => "stops when replication of a replicated suffix is broken, unless the approver accepted broken replication";

    public override IReadOnlyList<PlannedCommand> Commands(FailoverContext context) => [];

    public override async Task<StepResult> ExecuteAsync(FailoverContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.SourceReachable == false)
        {
            var alone = await ping.PingAsync(context.Target.NodeName, cancellationToken);
            return alone is null
                ? new StepDone($"{context.Source.Name} is down: replication cannot be compared; {context.Target.Name}'s directory answers with every replicated suffix")
                : new StepFailed($"{context.Source.Name} is down and {context.Target.Name}'s directory does not answer: {alone}");
        }

        var report = await checker.CheckAsync(cancellationToken);
        var summary = string.Join("; ", report.Suffixes.Select(s => s.Describe()));
        if (report.State != ReplicationState.Broken)
        {
            return new StepDone(summary);
        }

        return context.Request.Overrides.ReplicationBroken
            ? new StepDone($"BROKEN but accepted by {context.Request.ApprovedBy}: {summary}")
            : new StepFailed($"replication is broken: {summary}");
    }
}
