using MailHa.Operations.Ldap;
using MailHa.Operations.Reporting;
using MailHa.Operations.Roles;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Status;

/// <summary>
/// What the network says, asked in parallel, each part with its own bound: every node (SSH, its mail ports, what it
/// runs), every service's VIP holder, directory replication. A dead node never makes status wait longer than its
/// bound, and a part that did not answer says why.
/// </summary>
public sealed class NodeSurvey(IServiceProbe probe, VipLocator vip, ReplicationChecker replication, MailTopology topology, IOptions<SshOptions> ssh, IOptions<DirectoryOptions> directory)
{
    /// <param name="roleStates">Each service's recorded roles, in configuration order (what each node runs).</param>
    public async Task<Findings> SurveyAsync(Task<IReadOnlyList<RoleState>> roleStates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(roleStates);
        var sshBound = ssh.Value.ConnectTimeout + TimeSpan.FromSeconds(3);
        var vipBound = Max(ssh.Value.ConnectTimeout, topology.Services.Max(s => s.Vip.ProbeTimeout)) + TimeSpan.FromSeconds(3);
        var ldapBound = directory.Value.Timeout * 2 + TimeSpan.FromSeconds(1);

        // One SSH command per node, all at once: its interface list is both "reachable" and its view of every VIP,
        // so a dead node's connect timeout is paid once, in parallel with everything else, however many services it runs.
        var listings = topology.Nodes.ToDictionary(n => n.NodeName, n => ListBoundedAsync(n.NodeName, sshBound, cancellationToken));
        var nodes = topology.Nodes.Select(n => NodeAsync(n, listings[n.NodeName], roleStates, cancellationToken)).ToList();
        var vipReports = topology.Services.Select(s => VipAsync(s, listings, vipBound, cancellationToken)).ToList();
        var replicationReport = ReplicationAsync(ldapBound, [.. listings.Values], cancellationToken);
        await Task.WhenAll(Task.WhenAll(nodes), Task.WhenAll(vipReports), Task.WhenAll(listings.Values), replicationReport);
        return new Findings(
            listings.ToDictionary(l => l.Key, l => l.Value.Result),
            [.. nodes.Select(n => n.Result)],
            [.. vipReports.Select(v => v.Result)],
            replicationReport.Result);
    }

    private async Task<NodeHealth> NodeAsync(NodeOptions node, Task<CommandOutcome> listing, Task<IReadOnlyList<RoleState>> roleStates, CancellationToken cancellationToken)
    {
        // Its own mail service answers on its own address: probed on the ports of the first service it may run.
        var vip = topology.Services.FirstOrDefault(s => s.MayRunOn(node.NodeName))?.Vip ?? topology.Services[0].Vip;
        var service = probe.ProbeAsync(node.ServiceAddress, vip.ServicePort, vip.ProbeTimeout, cancellationToken);
        var imap = probe.ProbeAsync(node.ServiceAddress, vip.ImapPort, vip.ProbeTimeout, cancellationToken);
        var outcome = await listing;
        var runs = (await roleStates).Where(r => r.Active == node.NodeName).Select(r => r.Service).ToList();
        var role = runs.Count > 0 ? "active" : "standby";
        return new NodeHealth(node.NodeName, role, outcome.Succeeded, outcome.Describe(), await service, await imap)
        {
            Runs = runs,
            Capacity = node.Capacity,
        };
    }

    /// <summary>
    /// One service's VIP within <paramref name="bound"/>. The banner probe is started apart and bounded on its own, so a
    /// VIP part that runs out (a loaded machine, a node slow over SSH) still says whether anything answers on the VIP.
    /// </summary>
    private async Task<VipFinding> VipAsync(ServiceDefinition service, Dictionary<NodeName, Task<CommandOutcome>> listings, TimeSpan bound, CancellationToken cancellationToken)
    {
        var probing = BoundedAsync(ct => vip.ProbeVipAsync(service, ct), bound, cancellationToken);
        var banner = BannerAsync(probing, bound);
        var (report, _) = await BoundedAsync(_ => vip.JudgeAsync(service, [.. service.Nodes.Select(n => listings[n])], banner), bound, cancellationToken);
        if (report is not null)
        {
            return new VipLocated(report);
        }

        var answer = await banner;
        return new VipCheckRanOut(bound, answer, vip.IdentifyAnswer(answer));
    }

    /// <summary>The banner probe's answer; one that did not end within <paramref name="bound"/> heard nothing: silent.</summary>
    private static async Task<ServiceAnswer> BannerAsync(Task<(ServiceAnswer? Value, string? Why)> probing, TimeSpan bound) =>
        (await probing).Value ?? new Silent($"no answer within {Durations.Format(bound)}");

    private async Task<(ReplicationReport? Value, string? Why)> ReplicationAsync(TimeSpan bound, IReadOnlyList<Task<CommandOutcome>> listings, CancellationToken cancellationToken)
    {
        var check = BoundedAsync(replication.CheckAsync, bound, cancellationToken);
        return await NodeCutoff.WaitAsync(check, listings) is { } why ? (null, why.Describe()) : await check;
    }

    private async Task<CommandOutcome> ListBoundedAsync(NodeName node, TimeSpan bound, CancellationToken cancellationToken)
    {
        var (outcome, _) = await BoundedAsync(ct => vip.ListInterfacesAsync(node, ct), bound, cancellationToken);
        return outcome ?? new TimedOut(node, bound);
    }

    private static async Task<(T? Value, string? Why)> BoundedAsync<T>(Func<CancellationToken, Task<T>> part, TimeSpan bound, CancellationToken cancellationToken)
        where T : class
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(bound);
        try
        {
            // WaitAsync too: even a part that ignored its token cannot hold status past the bound.
            return (await part(deadline.Token).WaitAsync(deadline.Token), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"no answer within {Durations.Format(bound)}");
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>
    /// What the survey found: each node's interface list (anything but exit 0: not reachable over SSH), each node's
    /// health, each service's VIP in configuration order (its holder, or that the check ran out and what its banner
    /// said), and directory replication (null with why when it did not answer in time).
    /// </summary>
    public sealed record Findings(
        IReadOnlyDictionary<NodeName, CommandOutcome> Listings,
        IReadOnlyList<NodeHealth> Nodes,
        IReadOnlyList<VipFinding> Vips,
        (ReplicationReport? Value, string? Why) Replication);
}
