using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Ldap;

public static class LdapServiceCollectionExtensions
{
    /// <summary>
    /// Registers the directory options (<c>MailHa:Directory</c>, validated on start), the LDAP client factory, the
    /// replication checker and the end-to-end probe. Needs the topology (<c>AddTopology()</c>) for the nodes' LDAP URLs.
    /// </summary>
    public static IServiceCollection AddLdap(this IServiceCollection services)
    {
        services.AddOptions<DirectoryOptions>().BindConfiguration(DirectoryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DirectoryOptions>, DirectoryOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDirectoryClientFactory, LdapDirectoryClientFactory>();
        services.TryAddSingleton<ReplicationChecker>();
        services.TryAddSingleton<ReplicationProbe>();
        services.TryAddSingleton<DirectoryPing>();
        return services;
    }
}
