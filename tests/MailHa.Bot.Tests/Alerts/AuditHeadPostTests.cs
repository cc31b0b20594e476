using MailHa.Bot.Alerts;
using MailHa.Bot.Tests.Approvals;
using MailHa.Operations.Audit;
using MailHa.Operations.Jobs;
using MailHa.Operations.Journal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Tests.Alerts;

public sealed class AuditHeadPostTests : IDisposable
{
    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostAsync_PostsTheHeadOnce_WhenTwoInstancesReachTheSameDailySlot()
    {
        var head = (await _bot.Services.GetRequiredService<AuditLog>().AppendAsync(new ApprovalExpired("r-1a2b3c", "Switchover"), Token)).Head;
        var (first, second) = (Instance(), Instance());
        var leads = (await first.Leadership.RefreshAsync(Token), await second.Leadership.RefreshAsync(Token));
        var slot = _bot.Time.GetUtcNow();

        var posted = (await second.Post.PostAsync(slot, Token), await first.Post.PostAsync(slot, Token), await first.Post.PostAsync(slot, Token));

        Assert.Equal((true, false), leads);
        Assert.Equal((false, true, false), posted);
        var message = Assert.Single(_bot.AlertChannel.Posts).Content;
        Assert.Equal(AuditHeadPost.Message(head).Fallback, message.Fallback);
        Assert.Contains(head.ToString(), message.Sections[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostAsync_PostsAgain_OnTheNextDay()
    {
        var only = Instance();
        await only.Leadership.RefreshAsync(Token);

        await only.Post.PostAsync(_bot.Time.GetUtcNow(), Token);
        await only.Post.PostAsync(_bot.Time.GetUtcNow().AddDays(1), Token);

        Assert.Equal(2, _bot.AlertChannel.Posts.Count);
        Assert.All(_bot.AlertChannel.Posts, p => Assert.Equal(AuditHeadPost.Message(null).Fallback, p.Content.Fallback));
    }

    /// <summary>One MailHa instance on the shared journal: its own identity, leadership and daily post.</summary>
    private (Leadership Leadership, AuditHeadPost Post) Instance()
    {
        var options = _bot.Services.GetRequiredService<IOptions<JournalOptions>>();
        var journal = _bot.Services.GetRequiredService<JournalDatabase>();
        var leases = new Leases(journal, new InstanceIdentity(), options, _bot.Time);
        var leadership = new Leadership(leases, journal, options, _bot.Time, NullLogger<Leadership>.Instance);
        return (leadership, ActivatorUtilities.CreateInstance<AuditHeadPost>(_bot.Services, leadership, leases));
    }
}
