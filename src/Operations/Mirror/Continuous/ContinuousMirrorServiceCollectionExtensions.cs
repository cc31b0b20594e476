using MailHa.Operations.Topology;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Mirror.Continuous;

public static class ContinuousMirrorServiceCollectionExtensions
{
    /// <summary>Registers the continuous mirror's stream (<c>Mirror:Mode</c> = <c>Continuous</c>): its validation, the streams' states (one per continuous service) and the session.</summary>
    public static IServiceCollection AddContinuousMirror(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TopologyOptions>, ContinuousModeValidator>());
        services.TryAddSingleton<MirrorStreams>();
        services.TryAddSingleton<StreamSession>();
        return services;
    }
}
