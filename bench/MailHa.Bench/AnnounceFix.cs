using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;

namespace MailHa.Bench;

/// <summary>
/// Bench-only variant "mailha+garp": MailHa's own remote shell, except that the gratuitous-ARP command
/// runs without <c>-i 0.2</c>, which iputils arping 20221126 (Debian 12) rejects ("invalid argument"),
/// so the shipped announce never sends a packet. Everything else is MailHa as shipped.
/// </summary>
internal sealed class AnnounceFix(SshRemoteShell inner) : IRemoteShell
{
    public const string Removed = "-i 0.2 ";

    public Task<CommandOutcome> RunAsync(NodeName node, RemoteCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return inner.RunAsync(node, command.Name == "gratuitous-arp" ? command with { Text = command.Text.Replace(Removed, "", StringComparison.Ordinal) } : command, cancellationToken);
    }
}
