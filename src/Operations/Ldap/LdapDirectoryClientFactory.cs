using System.DirectoryServices.Protocols;
using System.Net;
using MailHa.Operations.Secrets;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Ldap;

/// <summary>
/// <see cref="IDirectoryClientFactory"/> over System.DirectoryServices.Protocols (libldap on Linux): LDAPv3 simple
/// bind to the node's <c>LdapUrl</c>, no referral chasing (a referral never sends us to another host). The bind
/// password is read from its secret reference at each connect and never logged.
/// </summary>
public sealed class LdapDirectoryClientFactory(
    MailTopology topology,
    IOptions<DirectoryOptions> options,
    ILogger<LdapDirectoryClient> logger) : IDirectoryClientFactory
{
    public async Task<DirectoryResult<IDirectoryClient>> ConnectAsync(NodeName node, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var (host, port, secure) = Endpoint(topology.Node(node));
        var password = SecretReference.TryParse(settings.BindPassword, out var secret) ? secret!.TryRead() : null;
        if (password is null)
        {
            // Checked at start-up; the file or variable went away since. Say where, never what.
            return new DirectoryFailed<IDirectoryClient>(new BindRefused(node, $"bind password unavailable: the secret at {secret?.ToString() ?? "MailHa:Directory:BindPassword"} is missing or empty"));
        }

        if (OperatingSystem.IsLinux() && !LibLdapTimeouts.Apply(settings.Timeout))
        {
            LdapLog.NativeTimeoutsUnavailable(logger);
        }

        var connection = new LdapConnection(
            new LdapDirectoryIdentifier(host, port, fullyQualifiedDnsHostName: true, connectionless: false),
            new NetworkCredential(settings.BindDn, password),
            AuthType.Basic)
        {
            AutoBind = false,
            Timeout = settings.Timeout,
        };
        connection.SessionOptions.ProtocolVersion = 3;
        connection.SessionOptions.ReferralChasing = ReferralChasingOptions.None;
        if (secure)
        {
            connection.SessionOptions.SecureSocketLayer = true;
        }

        var client = new LdapDirectoryClient(node, $"{host}:{port}", connection, settings, logger);
        DirectoryFault? refused;
        try
        {
            refused = await client.BindAsync(cancellationToken);
        }
        catch
        {
            client.Dispose();
            throw;
        }

        if (refused is not null)
        {
            client.Dispose();
            return new DirectoryFailed<IDirectoryClient>(refused);
        }

        return new DirectoryOk<IDirectoryClient>(client);
    }

    private static (string Host, int Port, bool Secure) Endpoint(NodeOptions node)
    {
        if (!Uri.TryCreate(node.LdapUrl, UriKind.Absolute, out var url) || url.Scheme is not ("ldap" or "ldaps"))
        {
            // Validated at start-up (TopologyOptionsValidator): reaching here is a bug.
            throw new InvalidOperationException($"Node {node.Name} has LdapUrl '{node.LdapUrl}', not an ldap:// or ldaps:// URL.");
        }

        var secure = url.Scheme == "ldaps";
        var port = url.IsDefaultPort || url.Port <= 0 ? (secure ? 636 : 389) : url.Port;
        return (url.Host, port, secure);
    }
}
