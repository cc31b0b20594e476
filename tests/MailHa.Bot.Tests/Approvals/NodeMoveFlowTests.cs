using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Operations.Audit;
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

    /// <summary>Requests <paramref name="command"/> as alice, approves it as bob and waits for the run's end: how the audit trail records it.</summary>
    private async Task<ApprovedRunEnded> ApproveAsync(string command)
    {
        await _bot.SayAsync(BotHarness.Slack("alice"), command, SlackChannel);
        Assert.Equal(ReplyOutcome.Pending, _bot.Outcomes.Last);
        var pending = Assert.Single(await Approvals.PendingAsync(TestContext.Current.CancellationToken));
        Assert.Equal(command.Split(' ')[0], pending.Approvable.Verb);
        await _bot.ClickAsync(BotHarness.Slack("bob"), new CardAction.Approve(pending.Id), SlackChannel);
        var verb = command.Split(' ')[0];
        await SlackChannel.WaitForAsync(m => m.Title.Contains(verb, StringComparison.Ordinal) && (m.Title.EndsWith(": DONE", StringComparison.Ordinal) || m.Title.EndsWith(": STOPPED", StringComparison.Ordinal) || m.Title.EndsWith(": not run", StringComparison.Ordinal)), Wait.Token());
        var entries = await _bot.Services.GetRequiredService<AuditLog>().RecentAsync(20, TestContext.Current.CancellationToken);
        return Assert.Single(entries.Select(e => e.Event).OfType<ApprovedRunEnded>(), e => e.RequestId == pending.Id);
    }

    [Fact]
    public async Task EvacuateThenRestore_MoveTheServiceAwayAndBack_WithOneApprovalEach()
    {
        var evacuated = await ApproveAsync("evacuate mail1");
        var away = await _bot.Services.GetRequiredService<RoleStore>().GetAsync(_bot.Service, TestContext.Current.CancellationToken);
        var restored = await ApproveAsync("restore mail1");
        var home = await _bot.Services.GetRequiredService<RoleStore>().GetAsync(_bot.Service, TestContext.Current.CancellationToken);

        Assert.True(evacuated.Succeeded);
        Assert.Equal("mail2", away.Active.Value);
        Assert.True(restored.Succeeded);
        Assert.Equal("mail1", home.Active.Value);
        Assert.Equal("mail1", _bot.Nodes.VipHolder);
    }

    [Fact]
    public async Task Evacuate_IsRefusedAndChangesNothing_WhenTheNodeIsUnknownOrRunsNothing()
    {
        await _bot.SayAsync(BotHarness.Slack("alice"), "evacuate mail9", SlackChannel);
        await _bot.SayAsync(BotHarness.Slack("alice"), "evacuate mail2", SlackChannel);

        // The plans themselves (no such node, nothing to move) are NodeMovesTests'; their words NodeMoveTextTests'.
        Assert.Equal([ReplyOutcome.Refused, ReplyOutcome.Refused], _bot.Outcomes.Seen);
        Assert.Empty(await Approvals.PendingAsync(TestContext.Current.CancellationToken));
        Assert.DoesNotContain(_bot.Nodes.Commands, c => c.EndsWith(":ip-addr-add", StringComparison.Ordinal) || c.EndsWith(":ip-addr-del", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EvacuateDryRun_ShowsTheMove_AndChangesNothing()
    {
        var answer = await _bot.SayAsync(BotHarness.Slack("alice"), "evacuate mail1 --dry-run", SlackChannel);

        Assert.Equal(ReplyOutcome.Answered, _bot.Outcomes.Last);
        Assert.Contains(answer!.Sections, s => s.Text.Contains("switchover", StringComparison.Ordinal) && s.Text.Contains("mail1 → mail2", StringComparison.Ordinal));
        Assert.Empty(await Approvals.PendingAsync(TestContext.Current.CancellationToken));
    }
}
