using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailHa.Operations.Status;

public static class StatusServiceCollectionExtensions
{
    /// <summary>Status and its parts: the node survey, the known roles, the mirror and operation facts.</summary>
    public static IServiceCollection AddStatus(this IServiceCollection services)
    {
        services.TryAddSingleton<StatusService>();
        services.TryAddSingleton<NodeSurvey>();
        services.TryAddSingleton<KnownRoles>();
        services.TryAddSingleton<MirrorFacts>();
        services.TryAddSingleton<RunningOperations>();
        return services;
    }
}
