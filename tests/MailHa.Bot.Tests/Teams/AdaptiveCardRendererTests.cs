using MailHa.Bot.Channels.Teams;
using MailHa.Bot.Chat;

namespace MailHa.Bot.Tests.Teams;

public class AdaptiveCardRendererTests
{
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
        Assert.All(body, block => Assert.True(block!["wrap"]!.GetValue<bool>()));
        Assert.Null(body[1]!["fontType"]);
        Assert.Equal("Monospace", body[2]!["fontType"]!.GetValue<string>());

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
        Assert.Contains("ip addr del", container["items"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(body.Where(b => b!["type"]!.GetValue<string>() == "TextBlock"), b => b!["text"]!.GetValue<string>().Contains("ip addr del", StringComparison.Ordinal));
        var toggle = body.Single(b => b!["type"]!.GetValue<string>() == "ActionSet")!["actions"]![0]!;
        Assert.Equal(("Action.ToggleVisibility", "Show commands"), (toggle["type"]!.GetValue<string>(), toggle["title"]!.GetValue<string>()));
        Assert.Equal(container["id"]!.GetValue<string>(), toggle["targetElements"]![0]!.GetValue<string>());
        Assert.All(card["actions"]!.AsArray(), a => Assert.Equal("Action.Execute", a!["type"]!.GetValue<string>()));
    }
}
