using MailHa.Bot.Channels.Console;
using MailHa.Bot.Chat;
using MailHa.IntegrationTests.Lab;
using MailHa.Operations.Jobs;

namespace MailHa.IntegrationTests.EndToEnd;

/// <summary>
/// Separate <c>mailha serve</c> processes on one PostgreSQL against the real lab, each as if on its own host (its
/// own host name, so a lease it leaves behind is free only when it expires): an operation whose instance was killed is
/// reported once and resumed on another. (The scheduled mirror across instances: <see cref="ServeMirrorTests"/>.)
/// </summary>
[Collection(LabCollection.Name)]
public sealed class ServeProcessesTests(LabFixture lab, PostgresServer postgres)
{
    // Hang guards, not thresholds: a broken build fails with what the instances showed instead of hanging CI.
    private static readonly TimeSpan OperationPatience = TimeSpan.FromMinutes(2);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

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
        var (_, card) = await ServeInstance.EntryAsync([a], e => e.Message.Actions.Any(x => x.Action is CardAction.Approve), OperationPatience, Token);
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
        var (alerted, alert) = await ServeInstance.EntryAsync(survivors, e => e.Message.Actions.Any(x => x.Action == new CardAction.ResumeOperation(operationId)), OperationPatience, Token);
        Assert.Contains($"INTERRUPTED switchover {operationId}", alert.Message.Title, StringComparison.Ordinal);
        // Several of the watch's looks (ServeJournal.Settings): neither the leader again nor the other survivor repeats it.
        await Task.Delay(4 * ServeJournal.InterruptedWatchInterval, Token);
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
        var (_, resumeCard) = await ServeInstance.EntryAsync([alerted], e => e.Message.Actions.Any(x => x.Action is CardAction.Approve && x.Action != switchoverApproval), OperationPatience, Token);
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

    private static Task<IReadOnlyList<T>> QueryAsync<T>(string connection, string sql, object? parameters = null) =>
        ServeJournal.QueryAsync<T>(connection, sql, parameters, Token);

}
