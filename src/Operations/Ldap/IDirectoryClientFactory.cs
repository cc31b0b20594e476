using MailHa.Operations.Topology;

namespace MailHa.Operations.Ldap;

/// <summary>Connects to a node's directory server (its <c>LdapUrl</c>) and binds as <c>MailHa:Directory:BindDn</c>.</summary>
public interface IDirectoryClientFactory
{
    Task<DirectoryResult<IDirectoryClient>> ConnectAsync(NodeName node, CancellationToken cancellationToken);
}
