using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Bot.Tests.Approvals;

public sealed class RouterTests : IDisposable
{
    private readonly BotHarness _bot = new();
    private RecordingConversation Channel => _bot.Conversation("slack:C1");

    public void Dispose() => _bot.Dispose();

    [Fact]
    public async Task Handle_AnswersOnlyHelp_WhenPersonIsUnknown()
    {
        var stranger = new ChatUser(ChatPlatform.Slack, "T1", "U-unknown", "alice");

        await _bot.SayAsync(stranger, "help", Channel);
        await _bot.SayAsync(stranger, "status", Channel);
        await _bot.SayAsync(stranger, "failover", Channel);

        Assert.Equal([ReplyOutcome.Answered, ReplyOutcome.Refused, ReplyOutcome.Refused], _bot.Outcomes.Seen);
        Assert.Empty(Channel.Posts);
    }

    [Fact]
    public async Task Handle_RefusesARequest_WhenPersonMayOnlyRead()
    {
        await _bot.SayAsync(BotHarness.Slack("carol"), "failover", Channel);
        await _bot.SayAsync(BotHarness.Slack("carol"), "status", Channel);

        // carol may read (status is answered) but not request: the failover is refused and nothing waits for approval.
        Assert.Equal([ReplyOutcome.Refused, ReplyOutcome.Answered], _bot.Outcomes.Seen);
        Assert.Empty(await _bot.Services.GetRequiredService<ApprovalService>().PendingAsync(TestContext.Current.CancellationToken));
        Assert.Empty(Channel.Posts);
    }

    [Fact]
    public async Task Handle_ShowsStatus_WithVipHolderAndPendingApprovals()
    {
        await _bot.SayAsync(BotHarness.Slack("alice"), "switchover", Channel);

        var status = await _bot.SayAsync(BotHarness.Teams("carol"), "status", Channel);

        Assert.Equal("✅ Healthy: mail1 serves the VIP", status!.Title);
        Assert.Contains(status.Sections, s => s.Behind is null && s.Text.StartsWith("Pending approvals: r-", StringComparison.Ordinal));
        Assert.Contains(status.Sections, s => s.Behind == "Full status" && s.Text.Contains("VIP: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Handle_DryRunChangesNothing_AndShowsThePlan()
    {
        var answer = await _bot.SayAsync(BotHarness.Slack("carol"), "failover --dry-run", Channel);

        Assert.Equal(ReplyOutcome.Answered, _bot.Outcomes.Last);
        Assert.Contains(answer!.Sections, s => s.Text.Contains("8. Record the new roles", StringComparison.Ordinal));
        Assert.Equal("mail1", _bot.Nodes.VipHolder);
        Assert.Empty(Channel.Posts);
    }

    [Fact]
    public async Task Handle_ShowsStatusAsSplitBrain_WhenBothNodesHoldTheVip()
    {
        _bot.Nodes.SplitBrain = true;

        var status = await _bot.SayAsync(BotHarness.Slack("carol"), "status", Channel);

        Assert.StartsWith("🚨 SPLIT BRAIN", status!.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_PutsTheCommandsBehindShowCommands_InADryRun()
    {
        var answer = await _bot.SayAsync(BotHarness.Slack("carol"), "switchover --dry-run", Channel);

        var commands = Assert.Single(answer!.Sections, s => s.Behind == "Show commands");
        Assert.Contains("ip addr del 198.18.15.10/24 dev eth0", commands.Text, StringComparison.Ordinal);
        Assert.StartsWith("What will happen:", answer.Sections[0].Text, StringComparison.Ordinal);
        Assert.DoesNotContain(answer.Sections.Where(s => s.Behind is null), s => s.Text.Contains("ip addr del", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("reboot")]
    [InlineData("failover --force")]
    [InlineData("mirror")]
    [InlineData("status now")]
    public async Task Handle_AnswersUsage_WhenCommandIsUnknownOrMalformed(string text)
    {
        var answer = await _bot.SayAsync(BotHarness.Slack("alice"), text, Channel);

        // Refused to the asker alone, with the usage that 'help' shows.
        var help = await _bot.SayAsync(BotHarness.Slack("alice"), "help", Channel);
        Assert.Equal(ReplyOutcome.Refused, _bot.Outcomes.Seen[0]);
        Assert.Equal(ChatAudience.Asker, answer!.Audience);
        Assert.Equal(help!.Sections, answer.Sections);
        Assert.Empty(_bot.Nodes.Commands);
    }
}
