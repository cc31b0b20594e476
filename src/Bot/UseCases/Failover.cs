using MailHa.Bot.Chat;
using MailHa.Bot.Pipeline;
using MailHa.Operations.Failover;
using MailHa.Operations.Topology;

namespace MailHa.Bot.UseCases;

/// <summary><c>/mail failover</c>: Unplanned: the active node failed; the standby takes the VIP (mail since the last mirror run may be lost). Needs a second person.</summary>
public sealed class FailoverUseCase(FailoverEngine engine, MailTopology topology) : VipOperationUseCase(engine, topology, OperationKind.Failover)
{
    public override CommandSyntax Syntax { get; } = new(["failover"], $"/mail failover {Arguments} [--primary-down] [--accept-sync-failure] [--accept-broken-replication]   move the service's VIP to its next node (unplanned)");

    /// <summary>The outage proposal's Request failover button: a failover in the clicker's name, with what the button acknowledges.</summary>
    public override Parsed Accept(CardAction action) =>
        action is CardAction.RequestFailover failover
            ? ServiceArgument.Parse(Topology, failover.Service?.Value, "failover") is (var service, null)
                ? new Request(new VipOperationRequest(OperationKind.Failover, new FailoverOverrides(PrimaryDown: failover.PrimaryDown), service))
                : Parsed.Error(ServiceArgument.Parse(Topology, failover.Service?.Value, "failover").Error!)
            : Parsed.NotThis;
}
