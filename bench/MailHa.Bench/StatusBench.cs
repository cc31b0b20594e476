using System.Diagnostics;
using MailHa.Operations.Ldap;
using MailHa.Operations.Ssh;
using MailHa.Operations.Status;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailHa.Bench;

/// <summary>One StatusService.GetAsync call: its time and how many parts it reported as unknown.</summary>
internal sealed record StatusCall(double Ms, int Unknown, string UnknownText);

/// <summary>
/// Measurement 4: StatusService.GetAsync in one long-lived container (as in the bot) with both nodes
/// healthy, then with mail1 cut off. Reports against the bound its own timeouts imply.
/// </summary>
internal sealed class StatusBench(Lab lab, string workDirectory, int healthyRuns, int cutRuns)
{
    public double ColdMs { get; private set; }

    public List<StatusCall> Healthy { get; } = [];

    public List<StatusCall> Cut { get; } = [];

    /// <summary>Each part of a status call timed on its own, both nodes healthy, to show where the time goes.</summary>
    public Dictionary<string, List<double>> Parts { get; } = new(StringComparer.Ordinal);

    public TimeSpan Bound { get; private set; }

    public string BoundText { get; private set; } = "";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await lab.NormalizeAsync("mail1", cancellationToken);
        var log = new SshCommandLog();
        using var host = LabHost.Build(lab, LabHost.Overrides(Path.Combine(workDirectory, "status.db"), "mail1"), log);
        var status = host.Services.GetRequiredService<StatusService>();
        var ssh = host.Services.GetRequiredService<IOptions<SshOptions>>().Value;
        var vip = host.Services.GetRequiredService<IOptions<TopologyOptions>>().Value.Vip!;
        var directory = host.Services.GetRequiredService<IOptions<DirectoryOptions>>().Value;

        // The bounds StatusService derives from its options (see StatusService.GetAsync).
        var sshBound = ssh.ConnectTimeout + TimeSpan.FromSeconds(3);
        var vipBound = Max(ssh.ConnectTimeout, vip.ProbeTimeout) + TimeSpan.FromSeconds(3);
        var ldapBound = (directory.Timeout * 2) + TimeSpan.FromSeconds(1);
        Bound = Max(Max(sshBound, vipBound), Max(ldapBound, vip.ProbeTimeout));
        BoundText = $"SSH reach {sshBound.TotalSeconds:0.#} s (ConnectTimeout {ssh.ConnectTimeout.TotalSeconds:0.#} s + 3), VIP {vipBound.TotalSeconds:0.#} s, " +
            $"replication {ldapBound.TotalSeconds:0.#} s (Directory:Timeout {directory.Timeout.TotalSeconds:0.#} s × 2 + 1), service probes {vip.ProbeTimeout.TotalSeconds:0.#} s: the slowest part bounds a call at {Bound.TotalSeconds:0.#} s";

        ColdMs = (await CallAsync(status, cancellationToken)).Ms;
        await CallAsync(status, cancellationToken);
        for (var i = 0; i < healthyRuns; i++)
        {
            Healthy.Add(await CallAsync(status, cancellationToken));
        }

        await PartsAsync(host.Services, cancellationToken);
        Console.WriteLine($"  status healthy: median {Distribution.Of(Healthy.Select(c => c.Ms))?.Median:0} ms (cold first call {ColdMs:0} ms)");
        await lab.VerbAsync(cancellationToken, "cut", "mail1");
        try
        {
            for (var i = 0; i < cutRuns; i++)
            {
                var call = await CallAsync(status, cancellationToken);
                Cut.Add(call);
                Console.WriteLine($"  status mail1 cut #{i}: {call.Ms:0} ms, {call.Unknown} unknown");
            }
        }
        finally
        {
            await lab.VerbAsync(cancellationToken, "restore", "mail1");
        }
    }

    private async Task PartsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var vip = services.GetRequiredService<VipLocator>();
        var replication = services.GetRequiredService<ReplicationChecker>();
        var shell = services.GetRequiredService<IRemoteShell>();
        var probe = services.GetRequiredService<IServiceProbe>();
        var topology = services.GetRequiredService<IOptions<TopologyOptions>>().Value;
        var service = services.GetRequiredService<MailTopology>().Services[0];
        var parts = new List<(string Name, Func<Task> Part)>
        {
            ("VipLocator.LocateAsync (both nodes' addresses over SSH + VIP banner)", () => vip.LocateAsync(service, cancellationToken)),
            ("ReplicationChecker.CheckAsync (LDAP, both nodes)", () => replication.CheckAsync(cancellationToken)),
            ("VIP banner probe alone", () => vip.ProbeVipAsync(service, cancellationToken)),
        };
        foreach (var node in topology.Nodes)
        {
            parts.Add(($"SSH `true` on {node.Name} (warm connection)", () => shell.RunAsync(node.NodeName, new RemoteCommand("reachable", "true"), cancellationToken)));
            parts.Add(($"TCP probe {node.Name}:{topology.Vip!.ServicePort}", () => probe.ProbeAsync(node.ServiceAddress, topology.Vip.ServicePort, topology.Vip.ProbeTimeout, cancellationToken)));
        }

        foreach (var (name, part) in parts)
        {
            var times = Parts[name] = [];
            for (var i = 0; i < 10; i++)
            {
                var clock = Stopwatch.StartNew();
                await part();
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }
    }

    private static async Task<StatusCall> CallAsync(StatusService status, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var report = await status.GetAsync(cancellationToken);
        return new StatusCall(clock.Elapsed.TotalMilliseconds, report.Unknown.Count, string.Join("; ", report.Unknown));
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
