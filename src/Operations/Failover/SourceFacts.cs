using MailHa.Operations.Mirror;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Failover;

/// <summary>
/// What one operation knows about the node giving up the VIP, asked once, all at once, at approval, each
/// question bounded by the SSH connect timeout: its interfaces over SSH (reachable? holding the VIP?), the
/// VIP at ARP level from the target, and its rsync daemon on the mirror network from the target. Fence,
/// final sync and record-roles read these answers; a node found dead is not asked again by the operation, nor over
/// SSH at all when the plan just before it found it dead (<see cref="NodesFoundDown"/>).
/// </summary>
public sealed class SourceFacts
{
    private SourceFacts(Task<CommandOutcome> interfaces, Task<CommandOutcome> vipAtArp, Task<CommandOutcome> rsyncDaemon, bool foundDownByPlan)
    {
        FoundDownByPlan = foundDownByPlan;
        Interfaces = interfaces;
        VipAtArp = vipAtArp;
        RsyncDaemon = rsyncDaemon;
    }

    /// <summary>The source's interface list (<see cref="VipCommands.ListAddresses"/>): anything but exit 0 means it could not be reached.</summary>
    public Task<CommandOutcome> Interfaces { get; }

    /// <summary>Whether the source was not asked: the plan just before this run found it unreachable, and <see cref="Interfaces"/> is that finding.</summary>
    public bool FoundDownByPlan { get; }

    /// <summary>The target's duplicate-address probe before anything changed: exit 1 means some host answers ARP for the VIP.</summary>
    public Task<CommandOutcome> VipAtArp { get; }

    /// <summary>The target's connection to the source's rsync daemon (<see cref="MirrorScript.ProbeDaemon"/>).</summary>
    public Task<CommandOutcome> RsyncDaemon { get; }

    /// <summary>
    /// Starts the three questions; nothing waits for them until a step needs an answer. <paramref name="foundDown"/>:
    /// why the plan just before this run could not reach the source; then the source is not asked again, that stands.
    /// </summary>
    public static SourceFacts Gather(IRemoteShell shell, NodeOptions source, NodeOptions target, VipOptions vip, SshOptions ssh, CommandOutcome? foundDown, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shell);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(ssh);
        return new SourceFacts(
            foundDown is not null ? Task.FromResult(foundDown) : shell.RunAsync(source.NodeName, VipCommands.ListAddresses(source.Platform), cancellationToken),
            shell.RunAsync(target.NodeName, VipCommands.DuplicateProbe(target.Platform, vip), cancellationToken),
            shell.RunAsync(target.NodeName, MirrorScript.ProbeDaemon(source, ssh.ConnectTimeout), cancellationToken),
            foundDown is not null);
    }

    /// <summary>Null while the source answers; otherwise why it could not be reached (and so is not tried again).</summary>
    public async Task<CommandOutcome?> SourceDownAsync()
    {
        var interfaces = await Interfaces;
        return interfaces is Exited { Code: 0 } ? null : interfaces;
    }

    /// <summary>Waits for every question still in flight, so nothing runs on a node after the operation ends.</summary>
    public Task SettleAsync() =>
        Task.WhenAll(Interfaces, VipAtArp, RsyncDaemon).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
