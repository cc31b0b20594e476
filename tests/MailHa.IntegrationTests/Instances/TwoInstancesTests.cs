using MailHa.IntegrationTests.Failover;
using MailHa.IntegrationTests.Lab;
using MailHa.Operations.Tests.Storage;

namespace MailHa.IntegrationTests.Instances;

/// <summary>Two <c>mailha serve</c> processes on one PostgreSQL, against the lab.</summary>
[Collection(LabCollection.Name)]
public sealed class TwoInstancesTests(LabFixture lab, PostgresServer postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MirrorSchedule_RunsOncePerInterval_WhenTwoInstancesShareOnePostgreSqlAndOneIsKilled()
    {
        lab.RequireLab();
        await using var scope = await FailoverScope.StartAsync(lab, Token, postgres);
        var settings = new Dictionary<string, string?>(scope.Storage)
        {
            ["MailHa:Mirror:Cron"] = "* * * * *",
            ["MailHa:Alerts:HealthCron"] = "0 0 1 1 *",
            ["MailHa:Storage:LeaseDuration"] = "00:00:06",
        };
        await using var a = await MailHaServe.StartAsync(lab, settings, Token);
        await using var b = await MailHaServe.StartAsync(lab, settings, Token);

        // The first scheduled interval with both running; then one dies and the other goes on alone.
        Assert.True(await Eventually.TrueAsync(async () => await ScheduledRunsAsync(scope) >= 1, TimeSpan.FromMinutes(2), Token), a.Output + b.Output);
        await a.KillAsync();
        Assert.True(await Eventually.TrueAsync(async () => await ScheduledRunsAsync(scope) >= 3, TimeSpan.FromMinutes(3), Token), b.Output);

        var runs = await ScheduledRunsAsync(scope);
        Assert.Equal(runs, await scope.QueryAsync<long>("SELECT count(DISTINCT started_at / 60000) FROM mirror_runs WHERE trigger = 'schedule'", Token));
        Assert.Equal(runs, await scope.QueryAsync<long>("SELECT count(*) FROM job_slots WHERE job = 'mailha-mirror'", Token));
        Assert.Equal(runs, await scope.QueryAsync<long>("SELECT count(*) FROM mirror_runs WHERE trigger = 'schedule' AND outcome = 'Succeeded'", Token));
        Assert.False(b.HasExited, b.Output);
    }

    private static Task<long> ScheduledRunsAsync(FailoverScope scope) =>
        scope.QueryAsync<long>("SELECT count(*) FROM mirror_runs WHERE trigger = 'schedule'", Token);
}
