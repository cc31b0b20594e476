using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Operations.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>Hangfire with in-memory storage, its server, and the recurring mirror job.</summary>
    public static IServiceCollection AddMailHaJobs(this IServiceCollection services)
    {
        services.AddHangfire(configuration => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseInMemoryStorage());
        services.AddHangfireServer(server => server.WorkerCount = 2);
        services.AddTransient<MirrorJob>();
        services.AddHostedService<MirrorSchedule>();
        return services;
    }
}
