using MailHa.Operations.Ldap;
using MailHa.Operations.Reporting;
using MailHa.Operations.Roles;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Liveness;

/// <summary>
/// Takes one <see cref="LivenessSample"/> of one service: every view of its active and standby nodes at once, each with its own short bound, so a dead
/// node costs one timeout, never the sum. Cheap enough to run every few seconds; changes nothing anywhere.
/// </summary>
public sealed class LivenessProbe(
    IRemoteShell shell,
    IServiceProbe probe,
    VipLocator vip,
    DirectoryPing directory,
    RoleStore roles,
    MailTopology topology,
    IOptions<SshOptions> ssh,
    IOptions<DirectoryOptions> directoryOptions,
    TimeProvider time)
{
    public async Task<LivenessSample> SampleAsync(ServiceDefinition service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        var at = time.GetUtcNow();
        var state = await roles.GetAsync(service, cancellationToken);
        var (active, standby) = (state.Active, state.Standby);
        // A second over the connect timeout: a live node's command over a held connection takes milliseconds, and a dead
        // node's views bound how soon the watch can decide (every view agreeing is what declares it down soonest).
        var sshBound = ssh.Value.ConnectTimeout + TimeSpan.FromSeconds(1);

        var activeListing = ListAsync(active, sshBound, cancellationToken);
        var vipAnswer = vip.ProbeVipAsync(service, cancellationToken);
        LivenessView[] views = await Task.WhenAll(
            SshAsync(active, activeListing),
            SmtpAsync(service, topology.Node(active), cancellationToken),
            VipBannerAsync(active, vipAnswer),
            VipArpAsync(service, active, topology.Node(standby), sshBound, cancellationToken),
            DirectoryAsync(active, cancellationToken),
            SshAsync(standby, ListAsync(standby, sshBound, cancellationToken)),
            SmtpAsync(service, topology.Node(standby), cancellationToken));
        return new LivenessSample(at, state, views) { Evidence = new SampleEvidence(await activeListing, await vipAnswer) };
    }

    private Task<CommandOutcome> ListAsync(NodeName node, TimeSpan bound, CancellationToken cancellationToken) =>
        BoundedAsync(node, ct => vip.ListInterfacesAsync(node, ct), bound, cancellationToken);

    private async Task<LivenessView> SshAsync(NodeName node, Task<CommandOutcome> listing)
    {
        var outcome = await listing;

        // A refused key or a changed host key is still a node that answers.
        var answers = outcome is not (Unreachable or TimedOut);
        return View(LivenessViewKind.Ssh, node, answers, outcome.Describe());
    }

    private async Task<LivenessView> SmtpAsync(ServiceDefinition service, NodeOptions node, CancellationToken cancellationToken)
    {
        var answer = await probe.ProbeAsync(node.ServiceAddress, service.Vip.ServicePort, service.Vip.ProbeTimeout, cancellationToken);
        return answer switch
        {
            Answered a => View(LivenessViewKind.Smtp, node.NodeName, true, a.Banner),
            Silent s => View(LivenessViewKind.Smtp, node.NodeName, false, s.Reason),
            _ => View(LivenessViewKind.Smtp, node.NodeName, null, "no probe"),
        };
    }

    private async Task<LivenessView> VipBannerAsync(NodeName active, Task<ServiceAnswer> probed)
    {
        var answer = await probed;
        return (answer, vip.IdentifyAnswer(answer)) switch
        {
            (Answered, { } who) when who == active => View(LivenessViewKind.VipBanner, active, true, $"{who} answers on the VIP"),
            (Answered, { } who) => View(LivenessViewKind.VipBanner, active, false, $"{who} answers on the VIP"),
            (Answered a, null) => View(LivenessViewKind.VipBanner, active, null, $"the VIP answers \"{a.Banner}\""),
            (Silent s, _) => View(LivenessViewKind.VipBanner, active, false, $"nothing answers on the VIP ({s.Reason})"),
            _ => View(LivenessViewKind.VipBanner, active, null, "no probe"),
        };
    }

    private async Task<LivenessView> VipArpAsync(ServiceDefinition service, NodeName active, NodeOptions standby, TimeSpan bound, CancellationToken cancellationToken)
    {
        var command = VipCommands.ArpPresence(standby.Platform, service.Vip);
        var outcome = await BoundedAsync(standby.NodeName, ct => shell.RunAsync(standby.NodeName, command, ct), bound + command.Timeout!.Value, cancellationToken);
        return outcome switch
        {
            Exited { Code: 0 } => View(LivenessViewKind.VipArp, active, true, $"the VIP answers ARP, asked from {standby.NodeName}"),
            Exited { Code: 1 } => View(LivenessViewKind.VipArp, active, false, $"nothing answers ARP for the VIP, asked from {standby.NodeName}"),
            _ => View(LivenessViewKind.VipArp, active, null, $"could not ask from {outcome.Describe()}"),
        };
    }

    private async Task<LivenessView> DirectoryAsync(NodeName node, CancellationToken cancellationToken)
    {
        // One timeout and a second: a live directory binds and reads in milliseconds; a dead one fails its connect by then.
        var bound = directoryOptions.Value.Timeout + TimeSpan.FromSeconds(1);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(bound);
        try
        {
            var why = await directory.PingAsync(node, deadline.Token).WaitAsync(deadline.Token);
            return View(LivenessViewKind.Directory, node, why is null, why ?? "binds, replicated suffixes readable");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return View(LivenessViewKind.Directory, node, false, $"no answer within {Durations.Format(bound)}");
        }
    }

    private LivenessView View(LivenessViewKind kind, NodeName node, bool? answers, string detail) =>
        new(kind, node, time.GetUtcNow(), answers, detail);

    private static async Task<CommandOutcome> BoundedAsync(NodeName node, Func<CancellationToken, Task<CommandOutcome>> run, TimeSpan bound, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(bound);
        try
        {
            return await run(deadline.Token).WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new TimedOut(node, bound);
        }
    }
}
