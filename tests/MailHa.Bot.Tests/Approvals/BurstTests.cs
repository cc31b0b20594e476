using MailHa.Bot.Chat;
using MailHa.Bot.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Bot.Tests.Approvals;

/// <summary>Many people asking at once during an incident: reads are shared and classified, never refused.</summary>
public sealed class BurstTests : IDisposable
{
    private readonly BotHarness _bot = new();
    private RecordingConversation Channel => _bot.Conversation("slack:C1");

    public void Dispose() => _bot.Dispose();

    [Fact]
    public async Task Status_AsksTheNodesOnce_WhenFiftyPeopleAskAtTheSameTime()
    {
        var release = new TaskCompletionSource();
        _bot.Nodes.Hold = release.Task;

        var asking = Enumerable.Range(0, 50).Select(i => _bot.SayAsync(BotHarness.Slack(i % 2 == 0 ? "alice" : "carol"), "status", Channel)).ToList();
        release.SetResult();
        var answers = await Task.WhenAll(asking);

        Assert.Equal(Enumerable.Repeat(ReplyOutcome.Answered, 50), _bot.Outcomes.Seen);
        Assert.All(answers, a => Assert.Equal(answers[0]!.Title, a!.Title));
        Assert.Equal(2, _bot.Nodes.Commands.Count(c => c.EndsWith(":list-addresses", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Status_AsksTheNodesAgain_OnceTheSharedResultIsNoLongerFresh()
    {
        await _bot.SayAsync(BotHarness.Slack("carol"), "status", Channel);
        await _bot.SayAsync(BotHarness.Slack("carol"), "status", Channel);
        _bot.Time.Advance(UseCases.SharedStatus.FreshFor);
        await _bot.SayAsync(BotHarness.Slack("carol"), "status", Channel);

        Assert.Equal(4, _bot.Nodes.Commands.Count(c => c.EndsWith(":list-addresses", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("help", ChatWork.AtOnce)]
    [InlineData("", ChatWork.AtOnce)]
    [InlineData("approvals", ChatWork.AtOnce)]
    [InlineData("mirror history", ChatWork.AtOnce)]
    [InlineData("audit", ChatWork.AtOnce)]
    [InlineData("reboot", ChatWork.AtOnce)]
    [InlineData("status", ChatWork.Reads)]
    [InlineData("failover --dry-run", ChatWork.Reads)]
    [InlineData("failover", ChatWork.Changes)]
    [InlineData("mirror run", ChatWork.Changes)]
    [InlineData("approve r-1a2b3c", ChatWork.Changes)]
    public void Classify_SaysWhatACommandTakes(string text, ChatWork work)
    {
        var pipeline = _bot.Services.GetRequiredService<ChatPipeline>();

        Assert.Equal(work, pipeline.Classify(new ChatCommandEvent(BotHarness.Slack("alice"), "d", text)));
    }
}
