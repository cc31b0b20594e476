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
                ? new DirectoryAlone(context.Source.NodeName, context.Target.NodeName)
                : new DirectoryAloneSilent(context.Source.NodeName, context.Target.NodeName, alone);
        }

        var report = await checker.CheckAsync(cancellationToken);
        if (report.State != ReplicationState.Broken)
        {
            return new ReplicationChecked(report);
        }

        return context.Request.Overrides.ReplicationBroken
            ? new ReplicationBrokenAccepted(report, context.Request.ApprovedBy)
            : new ReplicationBroken(report);
    }
}
