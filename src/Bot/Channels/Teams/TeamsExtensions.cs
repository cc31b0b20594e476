using MailHa.Bot.Chat;
using MailHa.Operations.Journal;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Channels.Teams;

/// <summary>Registration and endpoint mapping of the Teams channel; both do nothing unless <c>MailHa:Teams:Enabled</c>.</summary>
public static class TeamsExtensions
{
    internal const string MetadataHttpClient = "MailHa.Teams.Metadata";
    internal const string LoginHttpClient = "MailHa.Teams.Login";
    internal const string ConnectorHttpClient = "MailHa.Teams.Connector";

    // "Refresh once on an unknown key, then retry" needs the refresh to finish before the retry; since
    // IdentityModel 8 the configuration manager refreshes in the background unless this switch is on.
    private const string BlockingMetadataRefresh = "Switch.Microsoft.IdentityModel.UpdateConfigAsBlocking";

    /// <summary>Registers the Teams channel when <c>MailHa:Teams:Enabled</c> is true. Needs an <c>IChatRouter</c>.</summary>
    public static IServiceCollection AddTeams(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        // Its table exists whether or not Teams is on, so turning Teams on later changes no schema.
        services.AddJournalSchema(TeamsServiceUrlRegistry.Schema);
        if (!configuration.GetSection(TeamsOptions.Section).GetValue<bool>(nameof(TeamsOptions.Enabled)))
        {
            return services;
        }

        if (!AppContext.TryGetSwitch(BlockingMetadataRefresh, out _))
        {
            AppContext.SetSwitch(BlockingMetadataRefresh, true);
        }

        services.AddOptions<TeamsOptions>()
            .BindConfiguration(TeamsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TeamsOptions>, TeamsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // No request logging on any Teams client: URLs and headers carry tokens and conversation capabilities.
        services.AddHttpClient(MetadataHttpClient, c => c.Timeout = TimeSpan.FromSeconds(30)).RemoveAllLoggers();
        services.AddHttpClient(LoginHttpClient).RemoveAllLoggers();
        services.AddHttpClient(ConnectorHttpClient, c => c.Timeout = TimeSpan.FromSeconds(30)).RemoveAllLoggers();

        services.AddSingleton<TeamsServiceUrlRegistry>();
        services.AddSingleton<BotFrameworkAuthenticator>();
        services.AddSingleton<TeamsTokenProvider>();
        services.AddSingleton<TeamsConnectorClient>();
        services.AddSingleton(sp => new TeamsConversationFactory(
            sp.GetRequiredService<TeamsConnectorClient>(), sp.GetRequiredService<IOptions<TeamsOptions>>()));
        services.AddSingleton<IAlertChannelSource>(sp => sp.GetRequiredService<TeamsConversationFactory>());
        services.AddSingleton<IConversationOpener>(sp => sp.GetRequiredService<TeamsConversationFactory>());
        services.AddChatDispatch();
        services.AddSingleton<TeamsEndpoint>();
        return services;
    }

    /// <summary>Maps <c>POST /api/messages</c> when the channel is registered. The endpoint does its own authentication.</summary>
    public static IEndpointRouteBuilder MapTeams(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<IServiceProviderIsService>()?.IsService(typeof(TeamsEndpoint)) != true)
        {
            return endpoints;
        }

        endpoints.MapPost(TeamsEndpoint.Path, (HttpContext context, TeamsEndpoint endpoint) => endpoint.HandleAsync(context))
            .AllowAnonymous()
            .DisableAntiforgery();
        return endpoints;
    }
}
