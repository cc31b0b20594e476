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
            return new TargetNotReached(target.NodeName, reached);
        }

        var answer = await service;
        if (answer is Silent silent)
        {
            return new TargetMailSilent(target.NodeName, target.ServiceAddress, context.Vip.ServicePort, silent.Reason);
        }

        if (await ldap is { } ldapProblem)
        {
            return new TargetDirectorySilent(target.NodeName, ldapProblem);
        }

        return new PreflightPassed(target.NodeName, target.ServiceAddress, context.Vip.ServicePort, ((Answered)answer).Banner);
    }
}
