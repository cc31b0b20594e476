using MailHa.Bot.UseCases;
using MailHa.IntegrationTests.Lab;
using MailHa.Operations.Failover;
using MailHa.Operations.Mirror;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.IntegrationTests.Failover;

/// <summary>After the VIP moved, no mirror run pulls the old primary's store over the live one.</summary>
[Collection(LabCollection.Name)]
public sealed class MirrorAfterFailoverTests(LabFixture lab)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_IsRefusedAsPaused_WhenSwitchoverJustMovedVip()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        var services = scope.Build().Services;
        var switched = await services.GetRequiredService<FailoverEngine>().RunAsync(SwitchoverTests.Request(LabService.Of(services), OperationKind.Switchover), null, Token);
        Assert.True(switched.Outcome == FailoverOutcome.Succeeded, FailoverReportText.Format(switched));
        var stores = await ListStoresAsync(scope);

        var run = await services.GetRequiredService<MirrorRunner>().RunAsync(new MirrorRequest(LabService.Of(services), "schedule"), Token);

        Assert.Equal(MirrorVerdict.Refused, run.Verdict);
        Assert.IsType<MirrorPaused>(run.Outcome);
        Assert.Contains("paused", run.Message, StringComparison.Ordinal);
        Assert.Equal(stores, await ListStoresAsync(scope));
    }

    [Fact]
    public async Task RunAsync_IsRefusedByStandbyGuard_WhenStaleJobStillSeesOldRoles()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        var built = scope.Build().Services;
        var switched = await built.GetRequiredService<FailoverEngine>().RunAsync(SwitchoverTests.Request(LabService.Of(built), OperationKind.Switchover), null, Token);
        Assert.True(switched.Outcome == FailoverOutcome.Succeeded, FailoverReportText.Format(switched));

        // Mail only the live store has: a pull from mail1 with --delete would remove it.
        var message = await scope.DeliverAsync("mail2", "user03");
        var live = await scope.StoreListingAsync("mail2");

        // A job that never saw the switchover: its own journal still says generation 1, mail1 → mail2, running.
        var stale = scope.Build(databasePath: scope.OtherDatabasePath("stale")).Services;
        var run = await stale.GetRequiredService<MirrorRunner>().RunAsync(new MirrorRequest(LabService.Of(stale), "schedule"), Token);

        Assert.Equal(MirrorVerdict.Refused, run.Verdict);
        Assert.IsType<RolesChangedElsewhere>(run.Outcome);
        Assert.Equal((1L, "mail1", "mail2"), (run.Generation, run.Source.Value, run.Target.Value));
        Assert.Equal(live, await scope.StoreListingAsync("mail2"));
        Assert.True(await scope.ExistsAsync("mail2", message));
        var file = await scope.StateFileAsync("mail2");
        Assert.NotNull(file);
        Assert.Equal((2L, "mail2"), (file.Generation, file.Active));
    }

    private static async Task<(string Mail1, string Mail2)> ListStoresAsync(LabScope scope) =>
        (await scope.StoreListingAsync("mail1"), await scope.StoreListingAsync("mail2"));
}
