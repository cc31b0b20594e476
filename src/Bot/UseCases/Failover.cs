using MailHa.Bot.Chat;
using MailHa.Bot.Pipeline;
using MailHa.Operations.Failover;

namespace MailHa.Bot.UseCases;

/// <summary><c>/mail failover</c>: Unplanned: the active node failed; the standby takes the VIP (mail since the last mirror run may be lost). Needs a second person.</summary>
public sealed class FailoverUseCase(FailoverEngine engine) : VipOperationUseCase(engine, OperationKind.Failover)
{
    public override CommandSyntax Syntax { get; } = new(["failover"], "/mail failover [--primary-down] [--accept-sync-failure] [--accept-broken-replication]   move the VIP to the standby (unplanned)");

    /// <summary>The outage proposal's Request failover button: a failover in the clicker's name, with what the button acknowledges.</summary>
    public override Parsed Accept(CardAction action) =>
        action is CardAction.RequestFailover failover
            ? new Request(new VipOperationRequest(OperationKind.Failover, new FailoverOverrides(PrimaryDown: failover.PrimaryDown)))
            : Parsed.NotThis;
}
