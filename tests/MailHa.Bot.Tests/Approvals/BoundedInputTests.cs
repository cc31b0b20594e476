using System.Text;
using MailHa.Bot.Channels.Slack;
using MailHa.Bot.Channels.Teams;
using MailHa.Bot.Chat;
using MailHa.Operations.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Bot.Tests.Approvals;

/// <summary>What anyone can type is bounded before it is parsed, echoed, audited or answered.</summary>
public sealed class BoundedInputTests : IDisposable
{
    private readonly BotHarness _bot = new();
    private RecordingConversation Channel => _bot.Conversation("slack:C1");

    public void Dispose() => _bot.Dispose();

    private static ChatUser Stranger => new(ChatPlatform.Slack, "T1", "U-unknown", "mallory");

    [Fact]
    public async Task Approve_IsRefusedWithABoundedAuditEntry_WhenAStrangerSendsAHugeId()
    {
        var id = new string('a', 39_000);

        for (var i = 0; i < 20; i++)
        {
            var answer = await _bot.SayAsync(Stranger, $"approve {id}", Channel);
            Assert.StartsWith("Sorry:", answer!.Title, StringComparison.Ordinal);
            Assert.True(Length(answer) < 2_000, $"the answer is {Length(answer)} characters");
        }

        var entries = await _bot.Services.GetRequiredService<AuditLog>().RecentAsync(100, TestContext.Current.CancellationToken);
        Assert.Equal(20, entries.Count);
        Assert.All(entries, e => Assert.True(e.Subject.Length + e.Detail.Length + e.Actor.Length < 300, $"{e.Subject} / {e.Detail}"));
    }

    [Fact]
    public async Task Approve_IsRefused_WhenTheIdHasTheWrongShape()
    {
        var answer = await _bot.SayAsync(BotHarness.Slack("bob"), "approve ../../etc/passwd", Channel);

        Assert.Equal(ReplyOutcome.Refused, _bot.Outcomes.Last);
        Assert.Equal(ChatAudience.Asker, answer!.Audience);
        var entry = Assert.Single(await _bot.Services.GetRequiredService<AuditLog>().RecentAsync(10, TestContext.Current.CancellationToken));
        Assert.Equal(new Refusal("bob", AuditChannel.Slack, "approve", "(not understood)", "arguments not understood"), entry.Event);
    }

    [Fact]
    public async Task Command_EchoesAtMostABoundedPiece_WhenItIsUnknownAndHuge()
    {
        var answer = await _bot.SayAsync(BotHarness.Slack("alice"), new string('x', 400), Channel);
        var huge = await _bot.SayAsync(BotHarness.Slack("alice"), new string('x', 300_000), Channel);

        Assert.Contains("400 characters", answer!.Title, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', 41), answer.Title, StringComparison.Ordinal);
        Assert.Contains("300000 characters long", huge!.Title, StringComparison.Ordinal);
        Assert.True(Length(huge) < 2_000, $"the answer is {Length(huge)} characters");
        var entries = await _bot.Services.GetRequiredService<AuditLog>().RecentAsync(10, TestContext.Current.CancellationToken);
        Assert.Equal(
            [
                new Refusal("alice", AuditChannel.Slack, "command", "(too long)", "command of 300000 characters"),
                new Refusal("alice", AuditChannel.Slack, "command", "(not understood)", "unknown command"),
            ],
            entries.Select(e => e.Event));
    }

    [Fact]
    public async Task Command_IsAuditedAsARefusalWithoutWhatWasTyped_WhenItsArgumentsAreNotUnderstood()
    {
        var answer = await _bot.SayAsync(BotHarness.Slack("bob"), "approve hunter2-secret", Channel);

        Assert.StartsWith("Sorry:", answer!.Title, StringComparison.Ordinal);
        var entry = Assert.Single(await _bot.Services.GetRequiredService<AuditLog>().RecentAsync(10, TestContext.Current.CancellationToken));
        Assert.Equal(new Refusal("bob", AuditChannel.Slack, "approve", "(not understood)", "arguments not understood"), entry.Event);
        Assert.DoesNotContain("hunter2", entry.Subject + entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Slack_KeepsEveryReplyWithinItsLimits_WithAVisibleNote()
    {
        var message = Huge();

        var blocks = BlockKitRenderer.Render(message);
        var texts = blocks.Select(b => b!["text"]?["text"]?.GetValue<string>() ?? "").ToList();

        Assert.True(blocks.Count <= BlockKitRenderer.MaxBlocks);
        Assert.All(texts, t => Assert.True(t.Length <= BlockKitRenderer.MaxSectionLength));
        Assert.True(texts.Sum(t => t.Length) <= 45_000);
        Assert.True(BlockKitRenderer.FallbackText(message).Length <= ChatMessage.MaxFallbackLength);
        Assert.Contains(texts, t => t.Contains("truncated", StringComparison.Ordinal) || t.Contains("not shown", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("x")]
    [InlineData("✅ é \"quoted\" <tag>\n")]
    public void Teams_KeepsEveryActivityWithinItsLimit_WithAVisibleNote(string unit)
    {
        var message = Huge(unit);

        var json = AdaptiveCardRenderer.Activity(message).ToJsonString();

        Assert.True(Encoding.UTF8.GetByteCount(json) <= 28_000, $"{Encoding.UTF8.GetByteCount(json)} bytes");
        Assert.Contains("not shown here", json, StringComparison.Ordinal);
        Assert.Contains("Approve", json, StringComparison.Ordinal);
    }

    private static ChatMessage Huge(string unit = "x") => new(
        new string('T', 1_000),
        [.. Enumerable.Range(0, 80).Select(i => new ChatSection(string.Concat(Enumerable.Repeat(unit, 5_000 / unit.Length)) + "\nline", Monospace: i % 2 == 0))],
        [new ChatAction(new CardAction.Approve("r-1a2b3c"), "Approve", ChatActionStyle.Primary)]);

    private static int Length(ChatMessage message) => message.Title.Length + message.Sections.Sum(s => s.Text.Length);
}
