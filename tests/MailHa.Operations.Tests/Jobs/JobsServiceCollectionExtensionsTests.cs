using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using MailHa.Operations.Jobs;
using MailHa.Operations.Journal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Operations.Tests.Jobs;

public class JobsServiceCollectionExtensionsTests(PostgresServer postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TempJournal.Providers), MemberType = typeof(TempJournal))]
    public async Task AddMailHaJobs_PutsHangfireBesideTheJournal_ForEachProvider(StorageProvider provider)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token);
        var settings = new Dictionary<string, string?>
        {
            ["MailHa:Storage:Provider"] = journal.Options.Provider.ToString(),
            ["MailHa:Storage:DatabasePath"] = journal.Options.DatabasePath,
            ["MailHa:Storage:ConnectionString"] = journal.Options.ConnectionString,
        };
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddJournal();
        services.AddMailHaJobs();
        await using var provided = services.BuildServiceProvider();

        var storage = provided.GetRequiredService<JobStorage>();

        if (provider == StorageProvider.PostgreSql)
        {
            Assert.IsType<PostgreSqlStorage>(storage);
            // The shared job store is usable: its schema was installed in the journal's database.
            Assert.NotNull(storage.GetMonitoringApi().Servers());
        }
        else
        {
            Assert.IsType<InMemoryStorage>(storage);
        }
    }
}
