using MailHa.Bot.Chat;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Channels.Console;

public static class ConsoleServiceCollectionExtensions
{
    public static IServiceCollection AddConsoleChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConsoleOptions>, ConsoleOptionsValidator>());
        var options = configuration.GetSection(ConsoleOptions.Section).Get<ConsoleOptions>();
        if (options?.Enabled == true)
        {
            services.TryAddSingleton<ConsoleFeed>();
            services.TryAddSingleton<ConsoleAccounts>();
            services.AddSingleton<IAlertChannelSource>(sp => sp.GetRequiredService<ConsoleFeed>());
            services.AddSingleton<IConversationOpener>(sp => sp.GetRequiredService<ConsoleFeed>());
            if (options.Mode == ConsoleMode.SignIn)
            {
                services.AddConsoleSignIn();
            }
        }

        return services;
    }
}
