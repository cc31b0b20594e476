using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.PostgreSql;
using MailHa.Operations.Journal;
using MailHa.Operations.Topology;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// Hangfire, its server, and the recurring mirror job. Its storage follows the journal's provider:
    /// in memory beside SQLite (one instance), the same PostgreSQL database (schema <c>hangfire</c>)
    /// when several instances share one job store.
    /// </summary>
    public static IServiceCollection AddMailHaJobs(this IServiceCollection services)
    {
        services.AddHangfire((provider, configuration) =>
        {
            if (provider.GetService<ILoggerFactory>() is { } loggers)
            {
                configuration.UseLogProvider(new JournalOutageQuietLog(new AspNetCoreLogProvider(loggers)));
            }

            configuration
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            var storage = provider.GetRequiredService<IOptions<JournalOptions>>().Value;
            if (storage.Provider == StorageProvider.PostgreSql)
            {
                configuration.UsePostgreSqlStorage(
                    connection => connection.UseNpgsqlConnection(JournalOptionsValidator.ReadConnectionString(storage)),
                    new PostgreSqlStorageOptions
                    {
                        SchemaName = "hangfire",
                        PrepareSchemaIfNecessary = true,

                        // Hangfire.PostgreSql's locks are rows it never renews; one left by a killed instance is only
                        // removed once older than this. Its own locks last milliseconds (the recurring scheduler's
                        // pass, the expiration manager) and MailHa takes none, so a minute bounds how long a crash
                        // inside such a pass can hold up the survivor's schedule (the default is ten).
                        DistributedLockTimeout = TimeSpan.FromMinutes(1),
                    });
            }
            else
            {
                configuration.UseInMemoryStorage();
            }
        });
        services.AddHangfireServer((provider, server) =>
        {
            server.WorkerCount = 2;
            server.SchedulePollingInterval = MirrorSchedule.PollInterval(provider.GetRequiredService<MailTopology>());
        });
        services.AddTransient<MirrorJob>();
        services.AddHostedService<MirrorSchedule>();
        services.AddSingleton<Leadership>();
        services.AddHostedService(provider => provider.GetRequiredService<Leadership>());

        // Mirror:Mode = Continuous: the leader's stream and heartbeat (each returns at once in Interval mode).
        services.AddHostedService<ContinuousMirror>();
        services.AddSingleton<MirrorHeartbeat>();
        services.AddHostedService(provider => provider.GetRequiredService<MirrorHeartbeat>());
        return services;
    }
}
