using System.CommandLine;
using MailHa.Operations.Ldap;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;

namespace MailHa.Bot.Cli;

/// <summary>
/// <c>mailha check</c>: log in to every node over SSH and print who it is; with <c>--replication</c>, also prove directory
/// replication end to end (<see cref="ReplicationProbe"/>: the canary written on each master, awaited on the other).
/// </summary>
public static class CheckCommand
{
    private static readonly Option<bool> Replication = new("--replication")
    {
        Description = "Also write the directory canary (MailHa:Directory:CanaryDn) on each master and wait until the other has it, both ways for every pair.",
    };

    private static readonly RemoteCommand Identify = new("identify", "printf '%s|%s|%s\\n' \"$(hostname)\" \"$(uname -srm)\" \"$(id -un)\"");

    public static Command Create()
    {
        var command = new Command("check", "Reach every node over SSH (pinned host keys) and print its identity.") { Replication };
        command.SetAction((parse, cancellationToken) => MailHaCommandLine.WithHostAsync(parse, host => RunAsync(host, parse.GetValue(Replication), cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(IHost host, bool replication, CancellationToken cancellationToken)
    {
        var shell = host.Services.GetRequiredService<IRemoteShell>();
        var topology = host.Services.GetRequiredService<MailTopology>();
        var nodes = topology.Nodes;
        var outcomes = await Task.WhenAll(nodes.Select(n => shell.RunAsync(n.NodeName, Identify, cancellationToken)));
        var failed = false;
        foreach (var (node, outcome) in nodes.Zip(outcomes))
        {
            if (outcome is Exited { Code: 0 } ok && ok.StdOut.Trim().Split('|') is [var hostName, var system, var user])
            {
                Console.WriteLine($"{node.Name,-10} {Runs(topology, node),-8} {node.Host}:{node.Port}  host={hostName} user={user} ({system})");
            }
            else
            {
                failed = true;
                Console.WriteLine($"{node.Name,-10} {Runs(topology, node),-8} {outcome.Describe()}");
            }
        }

        if (replication)
        {
            var probe = await host.Services.GetRequiredService<ReplicationProbe>().ProbeAsync(cancellationToken);
            foreach (var direction in probe.Directions)
            {
                Console.WriteLine($"directory  {direction.Describe()}");
            }

            failed |= !probe.Converged;
        }

        return failed ? CliExit.Failed : CliExit.Ok;
    }

    /// <summary>The one pair's configured role (<c>Primary</c>, <c>Standby</c>); with services, the ones homed on it, or "backup".</summary>
    private static string Runs(MailTopology topology, NodeOptions node) =>
        node.Role?.ToString() ?? (topology.ServicesHomedOn(node.NodeName) is [_, ..] homed ? "home of " + string.Join(",", homed.Select(s => s.Name)) : "backup");
}
