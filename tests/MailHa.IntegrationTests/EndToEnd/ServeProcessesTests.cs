using MailHa.Bot.Channels.Console;
using MailHa.Bot.Chat;
using MailHa.IntegrationTests.Lab;
using MailHa.Operations.Jobs;

namespace MailHa.IntegrationTests.EndToEnd;

/// <summary>
/// Separate <c>mailha serve</c> processes on one PostgreSQL against the real lab, each as if on its own host (its
/// own host name, so a lease it leaves behind is free only when it expires): the scheduled mirror runs once per
/// interval across them, and an operation whose instance was killed is reported once and resumed on another.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class ServeProcessesTests(LabFixture lab, PostgresServer postgres)
{
    // Hang guards, not thresholds: a broken build fails with what the instances showed instead of hanging CI.
    private static readonly TimeSpan OperationPatience = TimeSpan.FromMinutes(2);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Mirror_RunsOncePerInterval_WhenTwoInstancesScheduleItEveryMinute()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        var (connection, secret) = await DatabaseAsync(scope);
        var settings = Settings(mirrorCron: "* * * * *");
        await using var a = await ServeInstance.StartAsync(lab, "mailha-a", secret, settings, Token);
        await using var b = await ServeInstance.StartAsync(lab, "mailha-b", secret, settings, Token);

        // Two whole intervals, each begun with both instances up (two: the second shows the first one's claim and
        // lease left nothing behind that stops the next interval, on whichever instance wins it).
        var first = NextMinute(DateTimeOffset.UtcNow);
        var intervals = Enumerable.Range(0, 2).Select(i => first.AddMinutes(i)).ToList();
        var end = first.AddMinutes(2);
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
        Assert.True(ranAll, $"not {intervals.Count} scheduled runs from {first:HH:mm} to {end:HH:mm}: {runs.Count}");
        Assert.Equal(intervals.Select(i => i.ToUnixTimeMilliseconds()), claims.Select(c => c.Slot));
        // Exactly one run per interval, started within it, and never two at once.
        Assert.Equal(intervals, runs.Select(r => NextMinute(DateTimeOffset.FromUnixTimeMilliseconds(r.StartedAt)).AddMinutes(-1)));
        Assert.All(runs, r => Assert.Equal("Succeeded", r.Outcome));
        Assert.All(runs.Zip(runs.Skip(1)), pair => Assert.True(pair.First.EndedAt <= pair.Second.StartedAt, "two scheduled mirror runs overlapped"));
    }

    [Fact]
    public async Task Mirror_IsReportedInterruptedAndRunsOnTheSurvivor_WhenTheInstanceRunningItIsKilledMidPull()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        var (connection, secret) = await DatabaseAsync(scope);
        var settings = Settings(mirrorCron: "* * * * *");
        await using var a = await ServeInstance.StartAsync(lab, "mailha-a", secret, settings, Token);
        await using var b = await ServeInstance.StartAsync(lab, "mailha-b", secret, settings, Token);
        ServeInstance[] all = [a, b];

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

        // Once its lease expires, the survivor says so; a person runs the mirror again there, and the next scheduled
        // run is the survivor's too (nothing the killed instance held blocks it).
        var (_, alert) = await EntryAsync([survivor], e => e.Message.Title.StartsWith("⚠ INTERRUPTED mirror run", StringComparison.Ordinal), OperationPatience);
        Assert.Empty(await QueryAsync<long>(connection, "SELECT id FROM mirror_runs WHERE ended_at >= @since", new { since = lease!.Since })); // the killed run never ended
        await survivor.CommandAsync("bob", "/mail mirror run", Token);
        await EntryAsync([survivor], e => e.Message.Title.StartsWith("✅ The mirror ran again", StringComparison.Ordinal), OperationPatience);
        var nextSlot = NextMinute(DateTimeOffset.UtcNow);
        var scheduled = await Eventually.TrueAsync(
            async () => (await ScheduledRunsAsync(connection, nextSlot, nextSlot.AddMinutes(1))).Count > 0,
            OperationPatience,
            Token);

        Assert.Contains(alert.Message.Sections, s => s.Text.Contains("/mail mirror run", StringComparison.Ordinal));
        Assert.Equal(["Succeeded"], await QueryAsync<string>(connection, "SELECT outcome FROM mirror_runs WHERE trigger = 'chat:bob'"));
        Assert.True(scheduled, $"no scheduled run in the interval at {nextSlot:HH:mm}");
        Assert.Equal(["Succeeded"], (await ScheduledRunsAsync(connection, nextSlot, nextSlot.AddMinutes(1))).Select(r => r.Outcome));
        Assert.StartsWith(survivor.Host + ":", (await QueryAsync<string>(connection, "SELECT holder FROM job_slots WHERE slot = @slot", new { slot = nextSlot.ToUnixTimeMilliseconds() })).Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Switchover_IsReportedInterruptedOnceAndResumedOnAnotherInstance_WhenItsInstanceIsKilledAfterTheFence()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        var (connection, secret) = await DatabaseAsync(scope);
        var settings = Settings(mirrorCron: null);
        await using var a = await ServeInstance.StartAsync(lab, "mailha-a", secret, settings, Token);
        await using var b = await ServeInstance.StartAsync(lab, "mailha-b", secret, settings, Token);
        await using var c = await ServeInstance.StartAsync(lab, "mailha-c", secret, settings, Token);
        ServeInstance[] all = [a, b, c];

        // Requested on A, approved on B: B runs it, and dies right after the fence took the VIP off mail1. Every pull
        // starts 5 s late, so the final sync the fence starts holds the plan there long enough to kill B.
        await lab.RunAsync("slow-mirror", "5");
        await a.CommandAsync("alice", "/mail switchover", Token);
        var (_, card) = await EntryAsync([a], e => e.Message.Actions.Any(x => x.Action is CardAction.Approve), OperationPatience);
        await b.ActionAsync("bob", card.Message.Actions.First(x => x.Action is CardAction.Approve).Action, Token);
        var fenced = await Eventually.TrueAsync(
            async () => await QueryAsync<long>(connection, "SELECT count(*) FROM operation_steps WHERE step = 'fence' AND state = 'Done'") is [> 0],
            OperationPatience,
            Token);
        var holder = (await QueryAsync<string>(connection, "SELECT process FROM operation_leases")).SingleOrDefault() ?? "";
        var runner = all.SingleOrDefault(i => holder.StartsWith(i.Host + ":", StringComparison.Ordinal));
        if (!fenced || runner is null)
        {
            var steps = await QueryAsync<string>(connection, "SELECT operation_id || ' ' || step || ' ' || state FROM operation_steps");
            var operationStates = await QueryAsync<string>(connection, "SELECT id || ' ' || state FROM operations");
            var said = new List<string>();
            foreach (var instance in all)
            {
                said.AddRange((await instance.FeedAsync(Token)).Select(e => $"{instance.Host}: {e.Message.Title}"));
            }

            Assert.Fail($"the switchover was not caught after its fence on an instance (fenced {fenced}, lease holder '{holder}'); "
                + $"operations [{string.Join("; ", operationStates)}], steps [{string.Join("; ", steps)}], feeds [{string.Join("; ", said)}]");
        }

        var killedOutput = await runner.KillAsync();
        await lab.RunAsync("restore-mirror");
        Assert.Single(await QueryAsync<string>(connection, "SELECT id FROM operations WHERE state = 'running'"));
        var operationId = (await QueryAsync<string>(connection, "SELECT id FROM operations")).Single();
        var survivors = all.Where(i => i != runner).ToList();

        // Once its lease expires, the leading survivor tells the team, once, with a Resume button.
        var (alerted, alert) = await EntryAsync(survivors, e => e.Message.Actions.Any(x => x.Action == new CardAction.ResumeOperation(operationId)), OperationPatience);
        Assert.Contains($"INTERRUPTED switchover {operationId}", alert.Message.Title, StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(20), Token); // more than one watch interval: the other survivor does not repeat it
        var posted = new List<ConsoleEntry>();
        foreach (var survivor in survivors)
        {
            posted.AddRange((await survivor.FeedAsync(Token)).Where(e => e.Message.Title.Contains("INTERRUPTED", StringComparison.Ordinal)));
        }

        Assert.Single(posted);

        // Resume is a request like any other: alice presses it where the alert is, bob approves on the other survivor.
        var other = survivors.First(s => s != alerted);
        await alerted.ActionAsync("alice", new CardAction.ResumeOperation(operationId), Token);
        var switchoverApproval = card.Message.Actions.First(x => x.Action is CardAction.Approve).Action;
        var (_, resumeCard) = await EntryAsync([alerted], e => e.Message.Actions.Any(x => x.Action is CardAction.Approve && x.Action != switchoverApproval), OperationPatience);
        await other.ActionAsync("bob", resumeCard.Message.Actions.First(x => x.Action is CardAction.Approve).Action, Token);
        var finished = await Eventually.TrueAsync(
            async () => await QueryAsync<string>(connection, "SELECT state FROM operations WHERE id = @operationId", new { operationId }) is [not "running"],
            OperationPatience,
            Token);

        Assert.True(finished, $"the resumed switchover did not finish (killed instance's output:\n{killedOutput})");
        Assert.Equal(["succeeded"], await QueryAsync<string>(connection, "SELECT state FROM operations WHERE id = @operationId", new { operationId }));
        Assert.True(await scope.HoldsVipAsync("mail2"));
        Assert.False(await scope.HoldsVipAsync("mail1"));
        Assert.Equal("mail2", await scope.VipAnswerAsync(Token));
    }

    private static Dictionary<string, string> Settings(string? mirrorCron) => ServeJournal.Settings(mirrorCron);

    private async Task<(string Connection, string Secret)> DatabaseAsync(LabScope scope)
    {
        var journal = await ServeJournal.CreateAsync(postgres, scope, Token);
        return (journal.Connection, journal.Secret);
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

    private static DateTimeOffset NextMinute(DateTimeOffset at) =>
        new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, at.Minute, 0, TimeSpan.Zero).AddMinutes(1);

    /// <summary>The first feed entry on any of <paramref name="instances"/> that matches, and where; on timeout, fails with their feeds.</summary>
    private static async Task<(ServeInstance Instance, ConsoleEntry Entry)> EntryAsync(IReadOnlyList<ServeInstance> instances, Func<ConsoleEntry, bool> match, TimeSpan patience)
    {
        (ServeInstance, ConsoleEntry)? found = null;
        var seen = await Eventually.TrueAsync(
            async () =>
            {
                foreach (var instance in instances)
                {
                    if (found is null && (await instance.FeedAsync(Token)).FirstOrDefault(match) is { } entry)
                    {
                        found = (instance, entry);
                    }
                }

                return found is not null;
            },
            patience,
            Token);
        if (!seen)
        {
            var feeds = new List<string>();
            foreach (var instance in instances)
            {
                feeds.Add($"{instance.Host}:\n" + string.Join('\n', (await instance.FeedAsync(Token)).Select(e => $"  {e.Id} {e.Message.Title}")));
            }

            Assert.Fail("not in the console feeds:\n" + string.Join('\n', feeds));
        }

        return found!.Value;
    }

    private sealed record SlotClaim(long Slot, string Holder);

    private sealed record MirrorLease(string Process, long Since);

    private sealed record ScheduledRun(long StartedAt, long EndedAt, string Outcome);
}
