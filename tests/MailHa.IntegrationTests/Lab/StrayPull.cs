using MailHa.Operations.Mirror;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailHa.IntegrationTests.Lab;

/// <summary>
/// What a MailHa killed mid-pull leaves on a lab host: a process carrying the pull's mark, still running (a long
/// <c>sleep</c> here, as a pull from a dead source hangs until rsync's I/O timeout). Killed by its PID when disposed.
/// </summary>
public sealed class StrayPull : IAsyncDisposable
{
    private readonly LabFixture _lab;
    private readonly NodeOptions _node;
    private readonly EnvironmentMarker _marker;

    private StrayPull(LabFixture lab, NodeOptions node, EnvironmentMarker marker, string pid)
    {
        _lab = lab;
        _node = node;
        _marker = marker;
        Pid = pid;
    }

    public string Pid { get; }

    /// <summary>Starts one on <paramref name="host"/>, marked as a pull into its store under <paramref name="services"/>' configuration.</summary>
    public static async Task<StrayPull> StartAsync(LabFixture lab, IServiceProvider services, NodeName host)
    {
        ArgumentNullException.ThrowIfNull(lab);
        var node = services.GetRequiredService<MailTopology>().Node(host);
        var marker = MirrorScript.PullMarker(services.GetRequiredService<MailTopology>().Services.Single().Mirror, node);
        var pid = (await lab.ExecAsync(host.Value, $"{marker.Export}; sleep 600 </dev/null >/dev/null 2>&1 & echo $!")).Trim();
        return new StrayPull(lab, node, marker, pid);
    }

    /// <summary>Whether any process on the host still carries the pull's mark.</summary>
    public async Task<bool> AnyRunningAsync() => (await _lab.ExecAsync(_node.Name, _marker.FindProcesses(_node.Platform))).Trim().Length > 0;

    public async Task StopAsync() => await _lab.ExecAsync(_node.Name, $"kill {Pid} 2>/dev/null; true");

    public async ValueTask DisposeAsync() => await StopAsync();
}
