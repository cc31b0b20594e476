using MailHa.Operations.Journal;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailHa.Bot.Chat;

public static class ChatServiceCollectionExtensions
{
    /// <summary>Conversations opened again from their addresses, and the threads recorded for requests and outages (<see cref="ConversationThreads"/>).</summary>
    public static IServiceCollection AddConversationThreads(this IServiceCollection services)
    {
        services.TryAddSingleton<ChatConversations>();
        services.TryAddSingleton<ConversationThreads>();
        services.AddJournalSchema(ConversationThreads.Schema);
        return services;
    }
}
