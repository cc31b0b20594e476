using MailHa.Bot.Chat;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailHa.Bot.Channels.Console;

public static class ConsoleServiceCollectionExtensions
{
    public static IServiceCollection AddConsoleChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.Section);
        if (configuration.GetSection(ConsoleOptions.Section).Get<ConsoleOptions>()?.Enabled == true)
        {
            services.TryAddSingleton<ConsoleFeed>();
            services.AddSingleton<IAlertChannelSource>(sp => sp.GetRequiredService<ConsoleFeed>());
            services.AddSingleton<IConversationOpener>(sp => sp.GetRequiredService<ConsoleFeed>());
        }

        return services;
    }
}
