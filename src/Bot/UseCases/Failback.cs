using MailHa.Bot.Pipeline;
using MailHa.Operations.Failover;
using MailHa.Operations.Topology;

namespace MailHa.Bot.UseCases;

/// <summary><c>/mail failback</c>: Back to the original primary after a failover, after a reverse sync. Needs a second person.</summary>
public sealed class FailbackUseCase(FailoverEngine engine, MailTopology topology) : VipOperationUseCase(engine, topology, OperationKind.Failback)
{
    public override CommandSyntax Syntax { get; } = new(["failback"], "/mail failback [SERVICE] [--accept-over-capacity]   back to the service's home node after a failover");
}
