using System.Collections.Concurrent;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailHa.IntegrationTests.Lab;

/// <summary>The real shell, recording every command asked of a node (name and outcome) in the order they were asked.</summary>
public sealed class RecordingRemoteShell(IRemoteShell inner) : IRemoteShell
{
    private readonly ConcurrentQueue<(NodeName Node, string Command)> _asked = new();

    public IReadOnlyList<(NodeName Node, string Command)> Asked => [.. _asked];

    /// <summary>The names of the commands asked of <paramref name="node"/>.</summary>
    public IReadOnlyList<string> AskedOf(string node) => [.. _asked.Where(a => a.Node.Value == node).Select(a => a.Command)];

    /// <summary>Puts a recording shell around the container's real one; read it back with <see cref="Of"/>.</summary>
    public static void Install(IServiceCollection services)
    {
        services.TryAddSingleton<SshRemoteShell>();
        services.Replace(ServiceDescriptor.Singleton<IRemoteShell>(sp => new RecordingRemoteShell(sp.GetRequiredService<SshRemoteShell>())));
    }

    public static RecordingRemoteShell Of(IServiceProvider services) => (RecordingRemoteShell)services.GetRequiredService<IRemoteShell>();

    public Task<CommandOutcome> RunAsync(NodeName node, RemoteCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        _asked.Enqueue((node, command.Name));
        return inner.RunAsync(node, command, cancellationToken);
    }
}
