using MailHa.IntegrationTests.Lab;
using MailHa.Operations.Jobs;

namespace MailHa.IntegrationTests.EndToEnd;

/// <summary>
/// The scheduled mirror across separate <c>mailha serve</c> processes on one PostgreSQL against the real lab, each as if
/// on its own host: it runs once per interval across them, and a run whose instance was killed mid-pull is reported by
/// the survivor, which runs it on request and on the next interval. Each test starts its own pair of instances
/// (<see cref="ServeMirrorPair"/>) with a cron of every 30 s (a cron with seconds, as an operator schedules it where there
/// is no continuous mirror). A kill, its alert and a person's run fit in the half minute before the next scheduled run:
/// the killed run's lease expires 10 s after the kill and the survivor's watch looks every 2 s
/// (<see cref="ServeJournal.Settings"/>), so the alert comes about 12 s into the interval, and the person's run takes
/// the lease right after it; the scheduled run the test checks is the first one after the person's run ended.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class ServeMirrorTests(LabFixture lab, PostgresServer postgres)
{
    private const string EveryThirtySeconds = "*/30 * * * * *";

    private static readonly TimeSpan HalfMinute = TimeSpan.FromSeconds(30);

    // Hang guards, not thresholds: a broken build fails with what the instances showed instead of hanging CI.
    private static readonly TimeSpan OperationPatience = TimeSpan.FromMinutes(2);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Mirror_RunsOncePerInterval_WhenTwoInstancesScheduleItEveryThirtySeconds()
    {
        lab.RequireLab();
        await using var pair = await ServeMirrorPair.StartAsync(lab, postgres, EveryThirtySeconds, Token);
        var connection = pair.Journal.Connection;

        // Two whole intervals, each begun with both instances up (two: the second shows the first one's claim and
        // lease left nothing behind that stops the next interval, on whichever instance wins it).
        var first = NextHalfMinute(DateTimeOffset.UtcNow);
        var intervals = Enumerable.Range(0, 2).Select(i => first + (i * HalfMinute)).ToList();
        var end = first + (2 * HalfMinute);
        await Task.Delay(end - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1), Token);
        var ranAll = await Eventually.TrueAsync(
            async () => (await ScheduledRunsAsync(connection, first, end)).Count >= intervals.Count && (await ActiveMirrorAsync(connection)) is null,
            OperationPatience,
            Token);

        var runs = await ScheduledRunsAsync(connection, first, end);
        var claims = (await QueryAsync<SlotClaim>(connection, "SELECT slot AS Slot, holder AS Holder FROM job_slots WHERE job = @job ORDER BY slot", new { job = MirrorJob.RecurringJobId }))
            .Where(c => c.Slot >= first.ToUnixTimeMilliseconds() && c.Slot < end.ToUnixTimeMilliseconds())
            .ToList();
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join('\n', claims.Select(c => $"{DateTimeOffset.FromUnixTimeMilliseconds(c.Slot):HH:mm:ss} claimed by {c.Holder}")));
        Assert.True(ranAll, $"not {intervals.Count} scheduled runs from {first:HH:mm:ss} to {end:HH:mm:ss}: {runs.Count}");
        Assert.Equal(intervals.Select(i => i.ToUnixTimeMilliseconds()), claims.Select(c => c.Slot));
        // Exactly one run per interval, started within it, and never two at once.
        Assert.Equal(intervals, runs.Select(r => NextHalfMinute(DateTimeOffset.FromUnixTimeMilliseconds(r.StartedAt)) - HalfMinute));
        Assert.All(runs, r => Assert.Equal("Succeeded", r.Outcome));
        Assert.All(runs.Zip(runs.Skip(1)), next => Assert.True(next.First.EndedAt <= next.Second.StartedAt, "two scheduled mirror runs overlapped"));
    }

    [Fact]
    public async Task Mirror_IsReportedInterruptedAndRunsOnTheSurvivor_WhenTheInstanceRunningItIsKilledMidPull()
    {
        lab.RequireLab();
        await using var pair = await ServeMirrorPair.StartAsync(lab, postgres, EveryThirtySeconds, Token);
        var connection = pair.Journal.Connection;
        ServeInstance[] all = [pair.A, pair.B];
        var output = TestContext.Current.TestOutputHelper;

        // The next scheduled run, caught while it holds its lease, and its instance killed.
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(3);
        MirrorLease? lease = null;
        while (lease is null && DateTimeOffset.UtcNow < deadline)
        {
            lease = (await QueryAsync<MirrorLease>(connection, "SELECT process AS Process, since AS Since FROM operation_leases WHERE kind = 'mirror'")).SingleOrDefault();
            await Task.Delay(lease is null ? 20 : 0, Token);
        }

        var holder = lease?.Process;
        var runner = all.SingleOrDefault(i => holder is not null && holder.StartsWith(i.Host + ":", StringComparison.Ordinal));
        Assert.True(runner is not null, $"no scheduled mirror run was caught on an instance (lease holder '{holder}')");
        await runner.KillAsync();
        var survivor = all.Single(i => i != runner);
        var killedSlot = NextHalfMinute(DateTimeOffset.FromUnixTimeMilliseconds(lease!.Since)) - HalfMinute;
        output?.WriteLine($"killed the run of the interval at {killedSlot:HH:mm:ss} on {runner.Host}");

        // Once its lease expires, the survivor says so; a person runs the mirror again there, and the next scheduled
        // run is the survivor's too (nothing the killed instance held blocks it).
        var (_, alert) = await ServeInstance.EntryAsync([survivor], e => e.Message.Title.StartsWith("⚠ INTERRUPTED mirror run", StringComparison.Ordinal), OperationPatience, Token);
        output?.WriteLine($"alert {(DateTimeOffset.UtcNow - killedSlot).TotalSeconds:F1} s into the interval");
        Assert.Empty(await QueryAsync<long>(connection, "SELECT id FROM mirror_runs WHERE ended_at >= @since", new { since = lease.Since })); // the killed run never ended
        await survivor.CommandAsync("bob", "/mail mirror run", Token);
        await ServeInstance.EntryAsync([survivor], e => e.Message.Title.StartsWith("✅ The mirror ran again", StringComparison.Ordinal), OperationPatience, Token);
        output?.WriteLine($"the person's run ended, said {(DateTimeOffset.UtcNow - killedSlot).TotalSeconds:F1} s after the killed run's interval began");
        var nextSlot = NextHalfMinute(DateTimeOffset.UtcNow);
        var scheduled = await Eventually.TrueAsync(
            async () => (await ScheduledRunsAsync(connection, nextSlot, nextSlot + HalfMinute)).Count > 0,
            OperationPatience,
            Token);

        Assert.Contains(alert.Message.Sections, s => s.Text.Contains("/mail mirror run", StringComparison.Ordinal));
        Assert.Equal(["Succeeded"], await QueryAsync<string>(connection, "SELECT outcome FROM mirror_runs WHERE trigger = 'chat:bob'"));
        Assert.True(scheduled, $"no scheduled run in the interval at {nextSlot:HH:mm:ss}");
        Assert.Equal(["Succeeded"], (await ScheduledRunsAsync(connection, nextSlot, nextSlot + HalfMinute)).Select(r => r.Outcome));
        Assert.StartsWith(survivor.Host + ":", (await QueryAsync<string>(connection, "SELECT holder FROM job_slots WHERE slot = @slot", new { slot = nextSlot.ToUnixTimeMilliseconds() })).Single(), StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyList<ScheduledRun>> ScheduledRunsAsync(string connection, DateTimeOffset from, DateTimeOffset to) =>
        await QueryAsync<ScheduledRun>(
            connection,
            "SELECT started_at AS StartedAt, ended_at AS EndedAt, outcome AS Outcome FROM mirror_runs WHERE trigger = 'schedule' AND started_at >= @from AND started_at < @to ORDER BY started_at",
            new { from = from.ToUnixTimeMilliseconds(), to = to.ToUnixTimeMilliseconds() });

    private static async Task<string?> ActiveMirrorAsync(string connection) =>
        (await QueryAsync<string>(connection, "SELECT process FROM operation_leases WHERE kind = 'mirror'")).SingleOrDefault();

    private static Task<IReadOnlyList<T>> QueryAsync<T>(string connection, string sql, object? parameters = null) =>
        ServeJournal.QueryAsync<T>(connection, sql, parameters, Token);

    private static DateTimeOffset NextHalfMinute(DateTimeOffset at) =>
        new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, at.Minute, at.Second < 30 ? 30 : 0, TimeSpan.Zero).AddMinutes(at.Second < 30 ? 0 : 1);

    private sealed record SlotClaim(long Slot, string Holder);

    private sealed record MirrorLease(string Process, long Since);

    private sealed record ScheduledRun(long StartedAt, long EndedAt, string Outcome);
}
