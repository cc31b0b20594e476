using MailHa.Bot.Pipeline;
using MailHa.Operations.Failover;
using MailHa.Operations.Roles;
using MailHa.Operations.Topology;

namespace MailHa.Bot.UseCases;

/// <summary><c>/mail restore NODE</c>: a failback of every service homed on NODE that runs elsewhere, on one card, one approval.</summary>
public sealed class RestoreUseCase(FailoverEngine engine, MailTopology topology, RoleStore roles) : NodeMoveUseCase(engine, topology, roles, OperationKind.Failback)
{
    public override CommandSyntax Syntax { get; } = new(["restore"], "/mail restore NODE [--accept-over-capacity]   fail back every service homed on NODE that runs elsewhere");
}
