using MailHa.Bot.Chat;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Channels.Slack;

public static class SlackServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Slack channel from <c>MailHa:Slack</c>. Options are always bound and validated at start-up;
    /// the channel itself (Web API client, dispatcher, HTTP verification or the Socket Mode client) only when
    /// <c>Enabled</c>. Needs an <c>IChatRouter</c> registered elsewhere.
    /// </summary>
    public static IServiceCollection AddSlack(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SlackOptions>()
            .BindConfiguration(SlackOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SlackOptions>, SlackOptionsValidator>());

        var settings = configuration.GetSection(SlackOptions.Section).Get<SlackOptions>() ?? new SlackOptions();
        if (!settings.Enabled)
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);

        // Singletons hold the typed client, so DNS freshness comes from the pooled handler's connection lifetime
        // instead of handler rotation.
        // No request logging: a response_url is a bearer capability and must never reach a log.
        services.AddHttpClient<SlackWebApiClient>(http => http.Timeout = TimeSpan.FromSeconds(30))
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.TryAddSingleton<SlackConversationFactory>();
        services.AddSingleton<IAlertChannelSource>(sp => sp.GetRequiredService<SlackConversationFactory>());
        services.AddSingleton<IConversationOpener>(sp => sp.GetRequiredService<SlackConversationFactory>());
        services.AddChatDispatch();
        services.TryAddSingleton<SlackDispatcher>();

        if (settings.Mode == SlackMode.SocketMode)
        {
            services.AddHostedService<SlackSocketModeClient>();
        }
        else
        {
            services.TryAddSingleton<SlackRequestVerifier>();
            services.TryAddSingleton<SlackReplayGuard>();
            services.TryAddSingleton<SlackInbound>();
        }

        return services;
    }
}
