using MailHa.Bot.Pipeline;
using MailHa.Operations.Failover;

namespace MailHa.Bot.UseCases;

/// <summary><c>/mail failback</c>: Back to the original primary after a failover, after a reverse sync. Needs a second person.</summary>
public sealed class FailbackUseCase(FailoverEngine engine) : VipOperationUseCase(engine, OperationKind.Failback)
{
    public override CommandSyntax Syntax { get; } = new(["failback"], "/mail failback                   back to the original primary after a failover");
}
