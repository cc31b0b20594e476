using MailHa.Bot.Chat;
using MailHa.Operations.Failover;
using MailHa.Operations.Reporting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailHa.Bot.Incidents;

public static class IncidentsServiceCollectionExtensions
{
    /// <summary>Incident timelines read on request, and the mail at risk recorded when an operation ends (bot and command line).</summary>
    public static IServiceCollection AddIncidents(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(IncidentRecords)))
        {
            return services;
        }

        services.AddSingleton<IncidentRecords>();
        services.AddSingleton<IReportObserver<FailoverReport>, MailAtRiskRecorder>();
        return services;
    }

    /// <summary>
    /// The timeline posted when an operation ends, in the threads of its cards (the bot, where alert channels are); after
    /// <see cref="AddIncidents"/>.
    /// </summary>
    public static IServiceCollection AddIncidentPosts(this IServiceCollection services)
    {
        services.AddIncidents();
        services.AddConversationThreads();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReportObserver<FailoverReport>, IncidentPoster>());
        return services;
    }
}
