using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.Pipeline;
using MailHa.Operations.Failover;
using MailHa.Operations.Liveness;
using MailHa.Operations.Topology;

namespace MailHa.Bot.UseCases;

/// <summary>
/// <c>/mail failover</c>: Unplanned: the active node failed; the standby takes the VIP (mail since the last mirror run may
/// be lost). Needs a second person. Its request's card (from the outage proposal's button, or typed while the health watch
/// holds the node down) shows the watch's fresh finding that the node is down instead of asking the dead node again, and
/// says how old it is; the approval checks everything afresh.
/// </summary>
public sealed class FailoverUseCase(FailoverEngine engine, MailTopology topology, DownDetector watch, TimeProvider time) : VipOperationUseCase(engine, topology, OperationKind.Failover)
{
    public override CommandSyntax Syntax { get; } = new(["failover"], $"/mail failover {Arguments} [--primary-down] [--accept-sync-failure] [--accept-broken-replication]   move the service's VIP to its next node (unplanned)");

    public override Task<ApprovalPreview> CardPreviewAsync(VipOperationRequest request, CancellationToken cancellationToken) =>
        PreviewAsync(request, [.. watch.Findings().Where(f => f.Stands(time.GetUtcNow()))], cancellationToken);

    /// <summary>The outage proposal's Request failover button: a failover in the clicker's name, with what the button acknowledges.</summary>
    public override Parsed Accept(CardAction action) =>
        action is CardAction.RequestFailover failover
            ? ServiceArgument.Parse(Topology, failover.Service?.Value, "failover") is (var service, null)
                ? new Request(new VipOperationRequest(OperationKind.Failover, new FailoverOverrides(PrimaryDown: failover.PrimaryDown), service))
                : Parsed.Error(ServiceArgument.Parse(Topology, failover.Service?.Value, "failover").Error!)
            : Parsed.NotThis;
}
