using MailHa.Operations.Ldap;
using MailHa.Operations.Ssh;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Failover;

/// <summary>1. The target is reachable, its mail service answers on its own address, its directory answers.</summary>
public sealed class PreflightStep(IRemoteShell shell, IServiceProbe probe, DirectoryPing directory) : FailoverStep
{
    public override int Order => 1;

    public override string Name => "preflight";

    public override string Title => "Preflight checks";

    public override string Rule => "stops when the target is unreachable, its mail service or its directory does not answer; nothing is changed";

    public override IReadOnlyList<PlannedCommand> Commands(FailoverContext context) =>
        [new(context.Target.NodeName, "reachable", "true")];

    public override async Task<StepResult> ExecuteAsync(FailoverContext context, CancellationToken cancellationToken)
    {
        var target = context.Target;
        var reach = shell.RunAsync(target.NodeName, new RemoteCommand("reachable", "true"), cancellationToken);
        var service = probe.ProbeAsync(target.ServiceAddress, context.Vip.ServicePort, context.Vip.ProbeTimeout, cancellationToken);
        var ldap = directory.PingAsync(target.NodeName, cancellationToken);
        var reached = await reach;
        if (!reached.Succeeded)
        {
            return new StepFailed($"{target.Name} cannot be reached: {reached.Describe()}. Nothing was changed.");
        }

        var answer = await service;
        if (answer is Silent silent)
        {
            return new StepFailed($"the mail service on {target.Name} does not answer on {target.ServiceAddress}:{context.Vip.ServicePort} ({silent.Reason}): moving the VIP there would not restore mail. Nothing was changed.");
        }

        if (await ldap is { } ldapProblem)
        {
            return new StepFailed($"the directory on {target.Name} does not answer: {ldapProblem}. Nothing was changed.");
        }

        return new StepDone($"{target.Name} reachable, mail answers on {target.ServiceAddress}:{context.Vip.ServicePort} (\"{((Answered)answer).Banner}\"), directory answers");
    }
}
