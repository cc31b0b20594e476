using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailHa.Operations.Liveness;

public static class LivenessServiceCollectionExtensions
{
    /// <summary>The active node's liveness: the probe (every view at once) and the hysteresis that declares it down.</summary>
    public static IServiceCollection AddLiveness(this IServiceCollection services)
    {
        services.TryAddSingleton<LivenessProbe>();
        services.TryAddSingleton<DownDetector>();
        return services;
    }
}
