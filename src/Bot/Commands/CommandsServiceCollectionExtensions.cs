using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailHa.Bot.Commands;

public static class CommandsServiceCollectionExtensions
{
    /// <summary>The one router every channel uses.</summary>
    public static IServiceCollection AddCommands(this IServiceCollection services)
    {
        services.TryAddSingleton<DeliveryDeduplicator>();
        services.TryAddSingleton<IChatRouter, CommandRouter>();
        return services;
    }
}
