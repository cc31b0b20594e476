using MailHa.Bot.Chat;
using MailHa.Bot.Paging;
using MailHa.Operations.Journal;
using MailHa.Operations.Mirror;
using MailHa.Operations.Mirror.Continuous;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailHa.Bot.Alerts;

public static class AlertsServiceCollectionExtensions
{
    /// <summary>Mirror, split-brain, replication and active-node alerts (with the failover proposal) to every alert channel, and paged.</summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        services.AddPaging();
        services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<AlertConversations>();
        services.TryAddSingleton<AlertTracker>();
        services.AddJournalSchema(AlertTracker.Schema);
        services.TryAddSingleton<AlertPoster>();
        services.TryAddSingleton<HealthWatch>();
        services.TryAddSingleton<InterruptedWork>();
        services.AddConversationThreads();
        services.TryAddSingleton(typeof(AlertCards<>));
        services.AddJournalSchema(AlertCards.Schema);
        services.TryAddSingleton<ProposalFacts>();
        services.TryAddSingleton<FailoverProposal>();
        services.TryAddSingleton<StandbyWatch>();
        services.TryAddSingleton<LivenessAlerts>();
        services.TryAddSingleton<ActiveNodeWatch>();
        services.AddSingleton<IMirrorObserver, MirrorAlerter>();
        services.AddSingleton<IMirrorStreamObserver, MirrorStreamAlerter>();
        return services;
    }
}
