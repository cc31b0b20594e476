using System.Text.Json.Nodes;
using MailHa.Bot.Channels.Teams;
using MailHa.Bot.Chat;

namespace MailHa.Bot.Tests.Teams;

public class AdaptiveCardRendererTests
{
    /// <summary>The text of a <c>RichTextBlock</c>: its runs, joined.</summary>
    private static string Text(JsonNode? block) => string.Concat(block!["inlines"]!.AsArray().Select(r => r!["text"]!.GetValue<string>()));

    private static IEnumerable<JsonNode> Blocks(JsonArray items) => items.Where(b => b!["type"]!.GetValue<string>() == "RichTextBlock")!;

    [Fact]
    public void Card_RendersExecuteButtonsWithSubmitFallback_WhenMessageHasActions()
    {
        var message = new ChatMessage(
            "Fail over jt-mail to jt-mail2?",
            [new ChatSection("Plan:"), new ChatSection("1. stop mta on jt-mail1\n2. move VIP", Monospace: true)],
            [new ChatAction(new CardAction.Approve("r-1"), "Approve", ChatActionStyle.Primary), new ChatAction(new CardAction.Reject("r-1"), "Reject", ChatActionStyle.Danger)]);

        var card = AdaptiveCardRenderer.Card(message);

        Assert.Equal("1.4", card["version"]!.GetValue<string>());
        var body = card["body"]!.AsArray();
        Assert.Equal(["Fail over jt-mail to jt-mail2?", "Plan:", "1. stop mta on jt-mail1", "2. move VIP"], Blocks(body).Select(Text));
        Assert.Equal("Bolder", body[0]!["inlines"]![0]!["weight"]!.GetValue<string>());
        Assert.Null(body[1]!["inlines"]![0]!["fontType"]);
        Assert.All(body.Skip(2), b => Assert.Equal("Monospace", b!["inlines"]![0]!["fontType"]!.GetValue<string>()));

        var approve = card["actions"]![0]!;
        Assert.Equal("Action.Execute", approve["type"]!.GetValue<string>());
        Assert.Equal("approve", approve["verb"]!.GetValue<string>());
        Assert.Equal(new CardAction.Approve("r-1"), CardAction.Decode(approve["data"]!.ToJsonString()));
        Assert.Equal("positive", approve["style"]!.GetValue<string>());
        Assert.Equal("Action.Submit", approve["fallback"]!["type"]!.GetValue<string>());
        Assert.Equal(new CardAction.Approve("r-1"), CardAction.Decode(approve["fallback"]!["data"]!.ToJsonString()));
        Assert.Equal("destructive", card["actions"]![1]!["style"]!.GetValue<string>());
    }

    [Fact]
    public void Card_HasNoActions_WhenMessageHasNone()
    {
        var card = AdaptiveCardRenderer.Card(ChatMessage.Text("Approved", "by Ada Admin"));

        Assert.False(card.ContainsKey("actions"));
    }

    [Fact]
    public void Activity_CarriesCardAndFallbackSummary_WhenRendered()
    {
        var activity = AdaptiveCardRenderer.Activity(ChatMessage.Text("Status", "all green"));

        Assert.Equal("message", activity["type"]!.GetValue<string>());
        Assert.Equal("Status: all green", activity["summary"]!.GetValue<string>());
        Assert.Equal("AdaptiveCard", activity["attachments"]![0]!["content"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void Card_HidesSectionsBehindAToggle_WhenTheyAreBehindAnExpansion()
    {
        var message = new ChatMessage("Approval needed", [new ChatSection("What will happen"), new ChatSection("ip addr del 198.18.15.10/24", Monospace: true, Behind: "Show commands")], [new ChatAction(new CardAction.Approve("r-1a2b3c"), "Approve")]);

        var card = AdaptiveCardRenderer.Card(message);

        var body = card["body"]!.AsArray();
        var container = body.Single(b => b!["type"]!.GetValue<string>() == "Container")!;
        Assert.False(container["isVisible"]!.GetValue<bool>());
        Assert.Equal("ip addr del 198.18.15.10/24", Text(container["items"]![0]));
        Assert.DoesNotContain(Blocks(body), b => Text(b).Contains("ip addr del", StringComparison.Ordinal));
        var toggle = body.Single(b => b!["type"]!.GetValue<string>() == "ActionSet")!["actions"]![0]!;
        Assert.Equal(("Action.ToggleVisibility", "Show commands"), (toggle["type"]!.GetValue<string>(), toggle["title"]!.GetValue<string>()));
        Assert.Equal(container["id"]!.GetValue<string>(), toggle["targetElements"]![0]!.GetValue<string>());
        Assert.All(card["actions"]!.AsArray(), a => Assert.Equal("Action.Execute", a!["type"]!.GetValue<string>()));
    }

    [Fact]
    public void Card_ShowsEveryLineVerbatimInABlockOfItsOwn_WhenTextHoldsMarkdownCharacters()
    {
        string[] lines = [@"pulls=$(grep -l 'X' /proc/[0-9]*/environ | sed -n 's|^/proc/\([0-9]*\)/environ$|\1|p')", "*a* _b_ ~c~ [d](e) `f` <g> &amp;", "- h", "1. i", "# j", "> k"];
        var message = new ChatMessage("*Title* with _marks_", [new ChatSection(string.Join('\n', lines), Monospace: true)], []);

        var body = AdaptiveCardRenderer.Card(message)["body"]!.AsArray();

        Assert.All(body, b => Assert.Equal("RichTextBlock", b!["type"]!.GetValue<string>()));
        Assert.Equal(["*Title* with _marks_", .. lines], body.Select(Text));
        Assert.Null(body[1]!["spacing"]);
        Assert.All(body.Skip(2), b => Assert.Equal("None", b!["spacing"]!.GetValue<string>()));
    }

    [Fact]
    public void Card_KeepsIndentsAndColumnsWithNonBreakingSpaces_WhileSingleSpacesStayOrdinary()
    {
        var message = new ChatMessage("Help", [new ChatSection("     [mail1] ip addr del x\n/mail status     the VIP holder  \n\nend", Monospace: true)], []);

        var body = AdaptiveCardRenderer.Card(message)["body"]!.AsArray();

        Assert.Equal(
            ["\u00A0\u00A0\u00A0\u00A0\u00A0[mail1] ip addr del x", "/mail status\u00A0\u00A0\u00A0\u00A0 the VIP holder\u00A0\u00A0", "\u00A0", "end"],
            body.Skip(1).Select(Text));
    }

    [Fact]
    public void Card_SplitsARunBetweenDoubleBraces_SoNoHostFormatsADateInIt()
    {
        var message = ChatMessage.Text("Audit", "refused '{{DATE(2026-12-04T21:00:00Z, SHORT)}}' {{{");

        var line = AdaptiveCardRenderer.Card(message)["body"]![1]!["inlines"]!.AsArray().Select(r => r!["text"]!.GetValue<string>()).ToList();

        Assert.Equal(["refused '{", "{DATE(2026-12-04T21:00:00Z, SHORT)}}' {", "{", "{"], line);
        Assert.All(line, run => Assert.DoesNotContain("{{", run, StringComparison.Ordinal));
    }
}
