using MailHa.Bot.Chat;
using MailHa.Operations.Journal;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailHa.Bot.Approvals;

public static class ApprovalsServiceCollectionExtensions
{
    public static IServiceCollection AddApprovals(this IServiceCollection services)
    {
        services.AddOptions<ApprovalOptions>().BindConfiguration(ApprovalOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<AlertConversations>();
        services.AddConversationThreads();
        services.TryAddSingleton<ApprovalStore>();
        services.AddJournalSchema(ApprovalStore.Schema);
        services.TryAddSingleton<ApprovalRunner>();
        services.TryAddSingleton<ApprovalService>();
        services.AddHostedService<ApprovalExpiry>();
        return services;
    }
}
