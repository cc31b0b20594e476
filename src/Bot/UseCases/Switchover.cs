using MailHa.Bot.Pipeline;
using MailHa.Operations.Failover;
using MailHa.Operations.Topology;

namespace MailHa.Bot.UseCases;

/// <summary><c>/mail switchover</c>: Planned, both nodes up: fence, final sync, move: zero mail lost. Needs a second person.</summary>
public sealed class SwitchoverUseCase(FailoverEngine engine, MailTopology topology) : VipOperationUseCase(engine, topology, OperationKind.Switchover)
{
    public override CommandSyntax Syntax { get; } = new(["switchover"], $"/mail switchover {Arguments}   planned move, both nodes up, zero mail lost");
}
