using MailHa.Bot.Pipeline;
using MailHa.Operations.Failover;

namespace MailHa.Bot.UseCases;

/// <summary><c>/mail switchover</c>: Planned, both nodes up: fence, final sync, move: zero mail lost. Needs a second person.</summary>
public sealed class SwitchoverUseCase(FailoverEngine engine) : VipOperationUseCase(engine, OperationKind.Switchover)
{
    public override CommandSyntax Syntax { get; } = new(["switchover"], "/mail switchover                 planned move, both nodes up, zero mail lost");
}
