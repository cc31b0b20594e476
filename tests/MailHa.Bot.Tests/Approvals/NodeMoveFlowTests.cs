using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Operations.Roles;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Bot.Tests.Approvals;

/// <summary><c>evacuate NODE</c> and <c>restore NODE</c> through the whole bot: one card, one approval, each service moved by the engine.</summary>
public sealed class NodeMoveFlowTests : IDisposable
{
    private readonly BotHarness _bot = new();

    private RecordingConversation SlackChannel => _bot.Conversation("slack:C1");

    private ApprovalService Approvals => _bot.Services.GetRequiredService<ApprovalService>();

    public void Dispose() => _bot.Dispose();

    private async Task<ChatMessage> ApproveAsync(string command)
    {
        var before = SlackChannel.Posts.Count;
        await _bot.SayAsync(BotHarness.Slack("alice"), command, SlackChannel);
        var id = Assert.Single(await Approvals.PendingAsync(TestContext.Current.CancellationToken)).Id;
        Assert.StartsWith($"Approval needed: {command}", SlackChannel.Posts[before].Content.Title, StringComparison.Ordinal);
        await _bot.ClickAsync(BotHarness.Slack("bob"), new CardAction.Approve(id), SlackChannel);
        var verb = command.Split(' ')[0];
        return await SlackChannel.WaitForAsync(m => m.Title.Contains(verb, StringComparison.Ordinal) && (m.Title.EndsWith(": DONE", StringComparison.Ordinal) || m.Title.EndsWith(": STOPPED", StringComparison.Ordinal) || m.Title.EndsWith(": not run", StringComparison.Ordinal)), Wait.Token());
    }

    [Fact]
    public async Task EvacuateThenRestore_MoveTheServiceAwayAndBack_WithOneApprovalEach()
    {
        var evacuated = await ApproveAsync("evacuate mail1");
        var away = await _bot.Services.GetRequiredService<RoleStore>().GetAsync(_bot.Service, TestContext.Current.CancellationToken);
        var restored = await ApproveAsync("restore mail1");
        var home = await _bot.Services.GetRequiredService<RoleStore>().GetAsync(_bot.Service, TestContext.Current.CancellationToken);

        Assert.EndsWith(": DONE", evacuated.Title, StringComparison.Ordinal);
        Assert.Contains("every service moved", evacuated.Sections[0].Text, StringComparison.Ordinal);
        Assert.Equal("mail2", away.Active.Value);
        Assert.EndsWith(": DONE", restored.Title, StringComparison.Ordinal);
        Assert.Equal("mail1", home.Active.Value);
        Assert.Equal("mail1", _bot.Nodes.VipHolder);
    }

    [Fact]
    public async Task Evacuate_IsRefusedAndChangesNothing_WhenTheNodeIsUnknownOrRunsNothing()
    {
        var unknown = await _bot.SayAsync(BotHarness.Slack("alice"), "evacuate mail9", SlackChannel);
        var idle = await _bot.SayAsync(BotHarness.Slack("alice"), "evacuate mail2", SlackChannel);

        Assert.Contains("no node named 'mail9'", unknown!.Title + string.Join('\n', unknown.Sections.Select(s => s.Text)), StringComparison.Ordinal);
        Assert.Contains("nothing to evacuate: mail2 runs no service now", idle!.Title + string.Join('\n', idle.Sections.Select(s => s.Text)), StringComparison.Ordinal);
        Assert.Empty(await Approvals.PendingAsync(TestContext.Current.CancellationToken));
        Assert.DoesNotContain(_bot.Nodes.Commands, c => c.EndsWith(":ip-addr-add", StringComparison.Ordinal) || c.EndsWith(":ip-addr-del", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EvacuateDryRun_ShowsTheMove_AndChangesNothing()
    {
        var answer = await _bot.SayAsync(BotHarness.Slack("alice"), "evacuate mail1 --dry-run", SlackChannel);

        Assert.Equal("Dry run: evacuate mail1", answer!.Title);
        Assert.Contains(answer.Sections, s => s.Text.Contains("switchover", StringComparison.Ordinal) && s.Text.Contains("mail1 → mail2", StringComparison.Ordinal));
        Assert.Empty(await Approvals.PendingAsync(TestContext.Current.CancellationToken));
    }
}
