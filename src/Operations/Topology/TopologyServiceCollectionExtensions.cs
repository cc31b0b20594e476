using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Topology;

public static class TopologyServiceCollectionExtensions
{
    /// <summary>
    /// Registers the nodes and services (<c>MailHa:Nodes</c>, <c>MailHa:Services</c>, or the one pair's <c>MailHa:Vip</c>),
    /// validated on start, and the resolved <see cref="MailTopology"/>.
    /// </summary>
    public static IServiceCollection AddTopology(this IServiceCollection services)
    {
        services.AddOptions<TopologyOptions>().BindConfiguration(TopologyOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TopologyOptions>, TopologyAttributesValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TopologyOptions>, TopologyOptionsValidator>());
        services.TryAddSingleton(sp => MailTopology.WhenFirstUsed(() => TopologyResolver.Resolve(
            sp.GetRequiredService<IOptions<TopologyOptions>>().Value,
            sp.GetRequiredService<IOptions<MirrorOptions>>().Value)));
        return services;
    }
}
