using System.CommandLine;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;

namespace MailHa.Bot.Cli;

/// <summary><c>mailha check</c>: log in to every node over SSH and print who it is.</summary>
public static class CheckCommand
{
    private static readonly RemoteCommand Identify = new("identify", "printf '%s|%s|%s\\n' \"$(hostname)\" \"$(uname -srm)\" \"$(id -un)\"");

    public static Command Create()
    {
        var command = new Command("check", "Reach every node over SSH (pinned host keys) and print its identity.");
        command.SetAction((parse, cancellationToken) => MailHaCommandLine.WithHostAsync(parse, host => RunAsync(host, cancellationToken), anyTopology: true));
        return command;
    }

    private static async Task<int> RunAsync(IHost host, CancellationToken cancellationToken)
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

        return failed ? CliExit.Failed : CliExit.Ok;
    }

    /// <summary>The one pair's configured role (<c>Primary</c>, <c>Standby</c>); with services, the ones homed on it, or "backup".</summary>
    private static string Runs(MailTopology topology, NodeOptions node) =>
        node.Role?.ToString() ?? (topology.ServicesHomedOn(node.NodeName) is [_, ..] homed ? "home of " + string.Join(",", homed.Select(s => s.Name)) : "backup");
}
