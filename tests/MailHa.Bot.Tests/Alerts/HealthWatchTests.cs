using MailHa.Bot.Alerts;
using MailHa.Bot.Tests.Approvals;
using MailHa.Operations.Vip;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Bot.Tests.Alerts;

public sealed class HealthWatchTests : IDisposable
{
    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Fact]
    public async Task Check_AlertsOnceOnSplitBrain_ThenOnceOnRecovery()
    {
        var watch = _bot.Services.GetRequiredService<HealthWatch>();
        var token = TestContext.Current.CancellationToken;

        await watch.CheckAsync(token);
        _bot.Nodes.SplitBrain = true;
        await watch.CheckAsync(token);
        await watch.CheckAsync(token);
        _bot.Nodes.SplitBrain = false;
        await watch.CheckAsync(token);

        Assert.Equal([(typeof(SplitBrain), AlertKind.Alert), (typeof(SplitBrain), AlertKind.Recovery)], _bot.Alerts.Seen.Select(a => (a.Alert.GetType(), a.Kind)));
        Assert.Equal(VipVerdict.SplitBrain, _bot.Alerts.Of<SplitBrain>()[0].Alert.Vip.Verdict);
        Assert.Equal(2, _bot.AlertChannel.Posts.Count);
    }
}
