using System.Text.Json.Nodes;
using MailHa.Bot.Channels.Slack;
using MailHa.Bot.Chat;

namespace MailHa.Bot.Tests.Slack;

public sealed class BlockKitRendererTests
{
    private static JsonNode Block(JsonArray blocks, string type, int nth = 0) =>
        blocks.Where(b => b!["type"]!.GetValue<string>() == type).ElementAt(nth)!;

    [Fact]
    public void Render_EscapesAmpersandAndAngleBrackets_WhenSectionHasMarkup()
    {
        var blocks = BlockKitRenderer.Render(ChatMessage.Text("Status", "a < b & c > d <!channel>"));

        var text = Block(blocks, "section")["text"]!;
        Assert.Equal("mrkdwn", text["type"]!.GetValue<string>());
        Assert.Equal("a &lt; b &amp; c &gt; d &lt;!channel&gt;", text["text"]!.GetValue<string>());
    }

    [Fact]
    public void Render_PutsTitleInPlainTextHeader_WhenTitleGiven()
    {
        var blocks = BlockKitRenderer.Render(ChatMessage.Text("Fail over jt-mail?"));

        var header = Block(blocks, "header")["text"]!;
        Assert.Equal("plain_text", header["type"]!.GetValue<string>());
        Assert.Equal("Fail over jt-mail?", header["text"]!.GetValue<string>());
    }

    [Fact]
    public void Render_WrapsEscapedTextInCodeBlock_WhenSectionMonospace()
    {
        var message = new ChatMessage("Plan", [new ChatSection("1. ifconfig ge1:2 down\n2. echo a>b", Monospace: true)], []);

        var text = Block(BlockKitRenderer.Render(message), "section")["text"]!["text"]!.GetValue<string>();

        Assert.Equal("```\n1. ifconfig ge1:2 down\n2. echo a&gt;b\n```", text);
    }

    [Fact]
    public void Render_ShowsVerbatimCommandsExactly_WhenTheyHoldMrkdwnCharactersAndBackticks()
    {
        // Slack reads &, < and > as markup everywhere, code blocks included: each is escaped, and Slack shows the
        // character again. Inside a code block *, _, ~ and single backticks are not formatting; only ``` would end it.
        string[] lines =
        [
            @"[mail2] pulls=$(grep -l 'X' /proc/[0-9]*/environ | sed -n 's|^/proc/\([0-9]*\)/environ$|\1|p')",
            "nohup arping </dev/null >/dev/null 2>&1 & echo $! > '/var/run/a.pid'",
            "echo `hostname` *bold* _it_ ~s~ <!channel> &amp; ```",
        ];
        var message = new ChatMessage("Commands", [new ChatSection(string.Join('\n', lines), Monospace: true)], []);

        var text = Block(BlockKitRenderer.Render(message), "section")["text"]!["text"]!.GetValue<string>();

        Assert.StartsWith("```\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\n```", text, StringComparison.Ordinal);
        var code = text[4..^4];
        Assert.DoesNotContain("<", code, StringComparison.Ordinal);
        Assert.DoesNotContain(">", code, StringComparison.Ordinal);
        Assert.DoesNotContain("```", code, StringComparison.Ordinal);
        var shown = code.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);
        Assert.Equal([lines[0], lines[1], lines[2].Replace("```", "`\u200B`\u200B`", StringComparison.Ordinal)], shown.Split('\n'));
    }

    [Fact]
    public void Render_SplitsAtLineBreaks_WhenSectionLongerThanSlackAllows()
    {
        var lines = Enumerable.Range(0, 400).Select(i => $"row {i:D4} ......................");
        var message = new ChatMessage("Table", [new ChatSection(string.Join('\n', lines), Monospace: true)], []);

        var sections = BlockKitRenderer.Render(message).Where(b => b!["type"]!.GetValue<string>() == "section")
            .Select(b => b!["text"]!["text"]!.GetValue<string>()).ToList();

        Assert.True(sections.Count > 1);
        Assert.All(sections, s => Assert.True(s.Length <= BlockKitRenderer.MaxSectionLength));
        Assert.All(sections, s => Assert.StartsWith("```\nrow ", s, StringComparison.Ordinal));
        Assert.Equal(400, sections.Sum(s => s.Split('\n').Count(l => l.StartsWith("row ", StringComparison.Ordinal))));
    }

    [Fact]
    public void Render_KeepsEscapesWhole_WhenSplittingOverlongLine()
    {
        var message = ChatMessage.Text("Long", new string('x', BlockKitRenderer.MaxSectionLength - 2) + "&tail");

        var sections = BlockKitRenderer.Render(message).Where(b => b!["type"]!.GetValue<string>() == "section")
            .Select(b => b!["text"]!["text"]!.GetValue<string>()).ToList();

        Assert.Equal(2, sections.Count);
        Assert.Equal(new string('x', BlockKitRenderer.MaxSectionLength - 2), sections[0]);
        Assert.Equal("&amp;tail", sections[1]);
    }

    [Fact]
    public void Render_AddsStyledButtonsWithConfirmOnApprove_WhenActionsGiven()
    {
        var message = new ChatMessage("Fail over jt-mail to jt-mail2?", [new ChatSection("Requested by alice")],
        [
            new ChatAction(new CardAction.Approve("r-1"), "Approve", ChatActionStyle.Primary),
            new ChatAction(new CardAction.Reject("r-1"), "Reject", ChatActionStyle.Danger),
        ]);

        var actions = Block(BlockKitRenderer.Render(message), "actions");
        var buttons = actions["elements"]!.AsArray();

        Assert.Equal(2, buttons.Count);
        var approve = buttons[0]!;
        Assert.Equal("button", approve["type"]!.GetValue<string>());
        Assert.Equal("approve", approve["action_id"]!.GetValue<string>());
        Assert.Equal(new CardAction.Approve("r-1"), CardAction.Decode(approve["value"]!.GetValue<string>()));
        Assert.Equal("primary", approve["style"]!.GetValue<string>());
        Assert.Equal("Approve", approve["text"]!["text"]!.GetValue<string>());
        Assert.NotNull(approve["confirm"]?["confirm"]);
        Assert.NotNull(approve["confirm"]?["deny"]);
        var reject = buttons[1]!;
        Assert.Equal("reject", reject["action_id"]!.GetValue<string>());
        Assert.Equal(new CardAction.Reject("r-1"), CardAction.Decode(reject["value"]!.GetValue<string>()));
        Assert.Equal("danger", reject["style"]!.GetValue<string>());
        Assert.Null(reject["confirm"]);
    }

    [Fact]
    public void Render_UsesOneActionsBlockPerRequest_WhenActionsForTwoRequests()
    {
        var message = new ChatMessage("Pending", [],
        [
            new ChatAction(new CardAction.Approve("r-1"), "Approve"),
            new ChatAction(new CardAction.Approve("r-2"), "Approve"),
        ]);

        var blocks = BlockKitRenderer.Render(message);

        Assert.Equal("mailha:r-1", Block(blocks, "actions", 0)["block_id"]!.GetValue<string>());
        Assert.Equal("mailha:r-2", Block(blocks, "actions", 1)["block_id"]!.GetValue<string>());
        Assert.Null(Block(blocks, "actions", 0)["elements"]![0]!["style"]);
    }

    [Fact]
    public void Render_StaysWithinFiftyBlocksKeepingButtons_WhenManySections()
    {
        var message = new ChatMessage("Many", [.. Enumerable.Range(0, 80).Select(i => new ChatSection($"line {i}"))],
            [new ChatAction(new CardAction.Approve("r-1"), "Approve")]);

        var blocks = BlockKitRenderer.Render(message);

        Assert.Equal(BlockKitRenderer.MaxBlocks, blocks.Count);
        Assert.Equal("actions", blocks[^1]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void FallbackText_IsEscapedFallback_WhenMessageHasSections()
    {
        var text = BlockKitRenderer.FallbackText(ChatMessage.Text("Lag", "replica <5s & rising"));

        Assert.Equal("Lag: replica &lt;5s &amp; rising", text);
    }
}
