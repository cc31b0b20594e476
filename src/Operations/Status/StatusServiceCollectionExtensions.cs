using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailHa.Operations.Status;

public static class StatusServiceCollectionExtensions
{
    public static IServiceCollection AddStatus(this IServiceCollection services)
    {
        services.TryAddSingleton<StatusService>();
        services.TryAddSingleton<KnownRoles>();
        return services;
    }
}
