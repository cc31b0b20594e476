using System.Globalization;
using System.Text.Json.Nodes;
using MailHa.Bot.Approvals;
using MailHa.Bot.Channels.Slack;
using MailHa.Bot.Channels.Teams;
using MailHa.Bot.Chat;
using MailHa.Bot.Tests.Approvals;
using MailHa.Bot.UseCases;
using MailHa.Operations.Mirror;
using MailHa.Operations.Roles;
using MailHa.Operations.Status;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Bot.Tests.Chat;

/// <summary>
/// The status card's words, pinned once here: with several services its state is the worst service's and its headline
/// names every service's verdict, worst first, whichever service is configured first; as Slack's header and Teams' first
/// line. The behaviour tests (<see cref="StatusCardTests"/>, RouterTests) assert the typed report and that the card
/// shown is the one rendered from it.
/// </summary>
public sealed class StatusCardTextTests
{
    private const string Approvals = "Pending approvals: none";
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-12-05T04:00:00Z", CultureInfo.InvariantCulture);
    private static readonly NodeName Mail1 = new("mail1");
    private static readonly NodeName Mail2 = new("mail2");

    [Fact]
    public void Card_IsSplitBrainAndNamesTheService_WhenTheSecondServiceIsInSplitBrain()
    {
        var report = Symmetric(Healthy("jt-mail-a", Mail1, Mail2), SplitBrain("jt-mail-b", Mail2, Mail1));

        var card = StatusUseCase.Card(report, Approvals);

        Assert.Equal("🚨 SPLIT BRAIN: 2 services: jt-mail-b SPLIT BRAIN, jt-mail-a healthy", card.Title);
    }

    [Fact]
    public void Card_IsDegradedAndSaysWhy_WhenTheSecondServiceHasNoStandby()
    {
        var b = Healthy("jt-mail-b", Mail2, Mail1) with { Health = ServiceHealth.Degraded, NoStandby = "jt-mail-b has no standby: mail1 down, its mirror cannot run" };
        var report = Symmetric(Healthy("jt-mail-a", Mail1, Mail2), b);

        var card = StatusUseCase.Card(report, Approvals);

        Assert.Equal("⚠ Degraded: 2 services: jt-mail-b DEGRADED, jt-mail-a healthy", card.Title);
        Assert.Equal("Needs attention: jt-mail-b has no standby: mail1 down, its mirror cannot run", card.Sections[0].Text);
    }

    [Fact]
    public void Card_LeadsWithALinePerServiceAndSaysWhatEachNodeRuns_WhenThereAreSeveralServices()
    {
        var report = Symmetric(Healthy("jt-mail-a", Mail1, Mail2), Healthy("jt-mail-b", Mail2, Mail1));

        var card = StatusUseCase.Card(report, Approvals);

        Assert.Equal("✅ Healthy: 2 services: jt-mail-a healthy, jt-mail-b healthy", card.Title);
        var shown = card.Sections.Where(s => s.Behind is null).Select(s => s.Text).ToList();
        Assert.Equal(report.Services.Select(s => s.Describe()), shown.Take(2));
        Assert.Equal("mail1 (active): SSH ok · mail answers · runs jt-mail-a", shown[2]);
        Assert.Equal("mail2 (active): SSH ok · mail answers · runs jt-mail-b", shown[3]);
        Assert.DoesNotContain(shown, s => s.StartsWith("Mirror:", StringComparison.Ordinal));
    }

    [Fact]
    public void Card_CountsTheHealthyServices_WhenMoreThanThreeAreHealthy()
    {
        var report = Symmetric(
            Healthy("jt-mail-a", Mail1, Mail2), Healthy("jt-mail-b", Mail2, Mail1), Healthy("jt-mail-c", Mail1, Mail2),
            Healthy("jt-mail-d", Mail2, Mail1), Healthy("jt-mail-e", Mail1, Mail2) with { Vip = null, Health = ServiceHealth.Down });

        var card = StatusUseCase.Card(report, Approvals);

        Assert.Equal("🚨 MAIL DOWN: 5 services: jt-mail-e DOWN, 4 healthy", card.Title);
    }

    [Fact]
    public void Card_IsMailDownNamingEachServicesVerdict_WhenOneIsDownAndTheOtherDegraded()
    {
        var a = Healthy("jt-mail-a", Mail1, Mail2) with { Vip = null, Health = ServiceHealth.Down };
        var b = Healthy("jt-mail-b", Mail2, Mail1) with { Health = ServiceHealth.Degraded, NoStandby = "jt-mail-b has no standby: mail1 down, its mirror cannot run" };

        var card = StatusUseCase.Card(Symmetric(a, b), Approvals);

        Assert.Equal("🚨 MAIL DOWN: 2 services: jt-mail-a DOWN, jt-mail-b DEGRADED", card.Title);
    }

    [Fact]
    public async Task Card_ListsEachPendingApprovalWithItsRequesterAndExpiry()
    {
        using var bot = new BotHarness();
        var chat = bot.Conversation("slack:C1");
        await bot.SayAsync(BotHarness.Slack("alice"), "switchover", chat);
        var pending = Assert.Single(await bot.Services.GetRequiredService<ApprovalService>().PendingAsync(TestContext.Current.CancellationToken));

        var card = await bot.SayAsync(BotHarness.Slack("carol"), "status", chat);

        var line = $"Pending approvals: {pending.Id} {pending.Summary} by alice, expires {ChatTime.Clock(pending.ExpiresAt)}";
        Assert.Contains(card!.Sections, s => s.Behind is null && s.Text == line);
        Assert.EndsWith("\n" + line, Assert.Single(card.Sections, s => s.Behind == "Full status").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_PutsEveryServicesVerdictInTheHeaderAndFirstLine_InSlackAndTeams()
    {
        var card = StatusUseCase.Card(Symmetric(Healthy("jt-mail-a", Mail1, Mail2), SplitBrain("jt-mail-b", Mail2, Mail1)), Approvals);

        var blocks = BlockKitRenderer.Render(card);
        var body = AdaptiveCardRenderer.Card(card)["body"]!.AsArray();

        Assert.Equal(card.Title, blocks[0]!["text"]!["text"]!.GetValue<string>());
        Assert.Equal("header", blocks[0]!["type"]!.GetValue<string>());
        Assert.Contains(blocks, b => b!["text"]?["text"]?.GetValue<string>() == Describe(card, "jt-mail-b: SPLIT BRAIN"));
        Assert.Equal(card.Title, Text(body[0]));
        Assert.Contains(body, b => b!["type"]!.GetValue<string>() == "RichTextBlock" && Text(b) == Describe(card, "jt-mail-b: SPLIT BRAIN"));
    }

    private static string Describe(ChatMessage card, string start) =>
        Assert.Single(card.Sections, s => s.Text.StartsWith(start, StringComparison.Ordinal)).Text;

    private static string Text(JsonNode? block) => string.Concat(block!["inlines"]!.AsArray().Select(r => r!["text"]!.GetValue<string>()));

    private static StatusReport Symmetric(params ServiceStatus[] services)
    {
        var nodes = new[] { Mail1, Mail2 }
            .Select(n => new NodeHealth(n, "active", true, "ok", new Answered($"220 {n}"), new Answered("* OK")) { Runs = [.. services.Where(s => s.Roles.Active == n).Select(s => s.Service)] })
            .ToList();
        var first = services[0];
        var mirror = new MirrorStatus(first.Roles.Active, first.Roles.Standby, false, first.LastRun, first.LastGood, first.Age, null);
        return new StatusReport(At, first.Roles, nodes, first.Vip, mirror, null, null, null, []) { Services = services };
    }

    private static ServiceStatus Healthy(string name, NodeName active, NodeName standby)
    {
        var service = new ServiceName(name);
        var roles = new RoleState(service, 1, active, standby, false, At, "configuration", "initial");
        var vip = new VipReport(VipVerdict.HeldBy, active, [], new Answered($"220 {active}"), null, $"{active} holds the VIP");
        var good = new MirrorRun(service, 1, At.AddMinutes(-3), At.AddMinutes(-3), "schedule", active, standby, 1, new Transferred(0), 0, null);
        return new ServiceStatus(service, roles, vip, good, good, TimeSpan.FromMinutes(3), ServiceHealth.Healthy, null);
    }

    private static ServiceStatus SplitBrain(string name, NodeName active, NodeName standby) =>
        Healthy(name, active, standby) with
        {
            Vip = new VipReport(VipVerdict.SplitBrain, null, [], new Answered($"220 {active}"), null, "mail1 and mail2 hold the VIP"),
            Health = ServiceHealth.SplitBrain,
        };
}
