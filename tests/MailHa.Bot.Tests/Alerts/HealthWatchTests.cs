using MailHa.Bot.Alerts;
using MailHa.Bot.Tests.Approvals;
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

        Assert.Collection(
            _bot.AlertChannel.Posts.Select(p => p.Content.Title),
            t => Assert.StartsWith("🚨 SPLIT BRAIN", t, StringComparison.Ordinal),
            t => Assert.StartsWith("✅ Split brain over", t, StringComparison.Ordinal));
        Assert.Contains("mail1 and mail2 both hold the VIP", _bot.AlertChannel.Posts[0].Content.Sections[0].Text, StringComparison.Ordinal);
    }
}
