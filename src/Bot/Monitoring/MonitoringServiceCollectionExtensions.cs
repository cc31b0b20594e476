using HealthChecks.UI.Client;
using MailHa.Bot.Alerts;
using MailHa.Bot.Pipeline;
using MailHa.Operations.Failover;
using MailHa.Operations.Mirror;
using MailHa.Operations.Mirror.Continuous;
using MailHa.Operations.Reporting;
using MailHa.Operations.Status;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Prometheus;

namespace MailHa.Bot.Monitoring;

public static class MonitoringServiceCollectionExtensions
{
    private const string Ready = "ready";

    /// <summary>Watching MailHa itself: liveness and readiness checks, Prometheus metrics fed by the observer ports, the heartbeat.</summary>
    public static IServiceCollection AddMonitoring(this IServiceCollection services)
    {
        services.AddOptions<MonitoringOptions>().BindConfiguration(MonitoringOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MonitoringOptions>, MonitoringOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>("storage", tags: [Ready])
            .AddCheck<SchedulerHealthCheck>("scheduler", tags: [Ready])
            .AddCheck<NodesHealthCheck>("nodes", tags: [Ready]);

        services.TryAddSingleton<MailHaMetrics>();
        services.TryAddSingleton<ScrapedMetrics>();
        services.AddSingleton<IMirrorObserver>(sp => sp.GetRequiredService<MailHaMetrics>());
        services.AddSingleton<IReportObserver<StatusReport>>(sp => sp.GetRequiredService<MailHaMetrics>());
        services.AddSingleton<IReportObserver<MirrorLagMeasured>>(sp => sp.GetRequiredService<MailHaMetrics>());
        services.AddSingleton<IReportObserver<HealthWatchReport>>(sp => sp.GetRequiredService<MailHaMetrics>());
        services.AddSingleton<IReportObserver<FailoverReport>>(sp => sp.GetRequiredService<MailHaMetrics>());
        services.AddSingleton<IReportObserver<ChatRequestHandled>>(sp => sp.GetRequiredService<MailHaMetrics>());
        services.AddSingleton<IReportObserver<AlertRaised>>(sp => sp.GetRequiredService<MailHaMetrics>());

        // Removing the client's loggers keeps the heartbeat URL (a bearer capability) out of every log.
        services.AddHttpClient(Heartbeat.HttpClientName).RemoveAllLoggers();
        services.TryAddSingleton<Heartbeat>();
        services.AddHostedService(sp => sp.GetRequiredService<Heartbeat>());
        services.AddSingleton<IMirrorObserver>(sp => sp.GetRequiredService<Heartbeat>());
        services.AddSingleton<IReportObserver<HealthWatchReport>>(sp => sp.GetRequiredService<Heartbeat>());
        return services;
    }

    /// <summary><c>/healthz</c> (the process answers), <c>/readyz</c> (storage, scheduler, nodes; JSON; 503 when not ready), <c>/metrics</c>.</summary>
    public static IEndpointRouteBuilder MapMonitoring(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(Ready),
            ResponseWriter = UIResponseWriter.WriteHealthCheckUIResponse,
        });
        // Resolved here, once the container is built: the scraped metrics read approvals, whose runner reports to the metrics.
        _ = endpoints.ServiceProvider.GetRequiredService<ScrapedMetrics>();
        endpoints.MapMetrics("/metrics", endpoints.ServiceProvider.GetRequiredService<MailHaMetrics>().Registry);
        return endpoints;
    }
}
