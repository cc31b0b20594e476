using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Topology;

public static class TopologyServiceCollectionExtensions
{
    /// <summary>Registers the nodes and VIP (<c>MailHa:Nodes</c>, <c>MailHa:Vip</c>), validated on start.</summary>
    public static IServiceCollection AddTopology(this IServiceCollection services)
    {
        services.AddOptions<TopologyOptions>().BindConfiguration(TopologyOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TopologyOptions>, TopologyAttributesValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TopologyOptions>, TopologyOptionsValidator>());
        return services;
    }
}
