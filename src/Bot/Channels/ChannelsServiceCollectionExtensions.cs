using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailHa.Bot.Channels;

public static class ChannelsServiceCollectionExtensions
{
    /// <summary>The one <see cref="ChatDispatcher"/> every enabled platform shares, running once however many register it. Needs an <c>IChatRouter</c>.</summary>
    public static IServiceCollection AddChatDispatch(this IServiceCollection services)
    {
        services.TryAddSingleton<ChatDispatcher>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ChatDispatcher>(sp => sp.GetRequiredService<ChatDispatcher>()));
        return services;
    }
}
