using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailHa.Operations.Vip;

public static class VipServiceCollectionExtensions
{
    public static IServiceCollection AddVip(this IServiceCollection services)
    {
        services.TryAddSingleton<IServiceProbe, TcpServiceProbe>();
        services.TryAddSingleton<VipLocator>();
        return services;
    }
}
