using MailHa.Bot.Pipeline;
using MailHa.Operations.Failover;
using MailHa.Operations.Roles;
using MailHa.Operations.Topology;

namespace MailHa.Bot.UseCases;

/// <summary><c>/mail evacuate NODE</c>: a switchover of every service active on NODE to its next node, on one card, one approval.</summary>
public sealed class EvacuateUseCase(FailoverEngine engine, MailTopology topology, RoleStore roles) : NodeMoveUseCase(engine, topology, roles, OperationKind.Switchover)
{
    public override CommandSyntax Syntax { get; } = new(["evacuate"], "/mail evacuate NODE [--accept-over-capacity]   switch every service on NODE over to its next node (maintenance)");
}
