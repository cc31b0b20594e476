using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Operations.Roles;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Bot.Tests.Approvals;

/// <summary>
/// <c>/mail mirror pause</c> and <c>/mail mirror resume</c> from chat: pausing takes the Request role alone; resuming sets
/// the direction over the standby with --delete, so a second person approves it first.
/// </summary>
public sealed class MirrorControlChatTests : IDisposable
{
    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private RecordingConversation SlackChannel => _bot.Conversation("slack:C1");

    [Fact]
    public async Task MirrorPause_PausesTheMirror_WhenAskedBySomeoneWithTheRequestRole()
    {
        var answer = await _bot.SayAsync(BotHarness.Slack("alice"), "mirror pause", SlackChannel);

        var roles = await Roles().GetAsync(_bot.Service, Token);
        Assert.True(roles.MirrorPaused);
        Assert.Equal(ChatAudience.Conversation, answer!.Audience);
        Assert.Empty(await Approvals().PendingAsync(Token));
    }

    [Fact]
    public async Task MirrorPause_IsRefusedAndChangesNothing_WhenTheAskerLacksTheRequestRole()
    {
        await _bot.SayAsync(BotHarness.Slack("carol"), "mirror pause", SlackChannel);

        Assert.Equal(ReplyOutcome.Refused, _bot.Outcomes.Last);
        Assert.False((await Roles().GetAsync(_bot.Service, Token)).MirrorPaused);
    }

    [Fact]
    public async Task MirrorResume_WaitsForASecondPerson_AndResumesOnceApproved()
    {
        await _bot.SayAsync(BotHarness.Slack("alice"), "mirror pause", SlackChannel);

        await _bot.SayAsync(BotHarness.Slack("alice"), "mirror resume", SlackChannel);
        var pending = Assert.Single(await Approvals().PendingAsync(Token));
        var stillPaused = (await Roles().GetAsync(_bot.Service, Token)).MirrorPaused;
        await _bot.ClickAsync(BotHarness.Teams("bob"), new CardAction.Approve(pending.Id), _bot.Conversation("teams:c"));
        await SlackChannel.WaitForAsync(m => m.Sections.Any(s => s.Text == "Requested by alice, approved by bob."), Wait.Token());

        Assert.Equal([ReplyOutcome.Done, ReplyOutcome.Pending, ReplyOutcome.Approved], _bot.Outcomes.Seen);
        Assert.True(stillPaused);
        Assert.Equal(ApprovalState.Succeeded, (await Approvals().FindAsync(pending.Id, Token))!.State);
        Assert.False((await Roles().GetAsync(_bot.Service, Token)).MirrorPaused);
    }

    [Fact]
    public async Task MirrorResume_IsRefusedAndRequestsNothing_WhenTheMirrorAlreadyRuns()
    {
        await _bot.SayAsync(BotHarness.Slack("alice"), "mirror resume", SlackChannel);

        Assert.Equal(ReplyOutcome.Refused, _bot.Outcomes.Last);
        Assert.Empty(await Approvals().PendingAsync(Token));
        Assert.False((await Roles().GetAsync(_bot.Service, Token)).MirrorPaused);
    }

    private RoleStore Roles() => _bot.Services.GetRequiredService<RoleStore>();

    private ApprovalService Approvals() => _bot.Services.GetRequiredService<ApprovalService>();
}
