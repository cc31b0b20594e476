using System.Net.Http.Json;
using System.Text.Json;
using MailHa.Bot.Approvals;
using MailHa.Bot.Channels.Console;
using MailHa.Bot.Chat;
using MailHa.Bot.UseCases;
using MailHa.IntegrationTests.Lab;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.IntegrationTests.EndToEnd;

/// <summary>
/// Issue 14 end to end on the real lab: the primary cut off, the whole bot's active-node watch (short intervals in
/// the test's configuration) proposes a failover on the console, alice presses Request failover, bob approves, the
/// standby serves the VIP and the proposal card says so. The scope puts the lab back (VIP off mail2 before mail1's
/// links return).
/// </summary>
[Collection(LabCollection.Name)]
public sealed class AssistedFailoverTests(LabFixture lab)
{
    // Hang guards, not thresholds: a broken build fails with the feed's content instead of hanging CI.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan OperationPatience = TimeSpan.FromMinutes(3);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Proposal_EndsWithStandbyServingTheVip_WhenPrimaryIsCutAndOnePersonRequestsAndAnotherApproves()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        var settings = new Dictionary<string, string?>
        {
            ["MailHa:Alerts:WatchInterval"] = "00:00:02",
            ["MailHa:Alerts:DownAfter"] = "00:00:06",
        };
        await using var bot = await LabBot.StartAsync(scope, settings, null, Token);
        var feed = bot.Services.GetRequiredService<ConsoleFeed>();
        var approvals = bot.Services.GetRequiredService<ApprovalService>();
        using var http = new HttpClient { BaseAddress = bot.BaseAddress };

        await lab.RunAsync("cut", "mail1");
        var proposal = await EntryAsync(feed, e => e.Message.Title == "🚨 mail1 (active) is DOWN: failover to mail2 proposed", Patience);
        var button = Assert.Single(proposal.Message.Actions);
        // A proposal, not an action: nobody serves the VIP until two people decide.
        Assert.Null(await scope.VipAnswerAsync(Token));

        await ClickAsync(http, "alice", button.Action, proposal.Id);
        var request = Assert.Single(await approvals.PendingAsync(Token));
        Assert.Equal(("failover", "alice"), (request.Approvable.Verb, request.Requester.Name));
        var approvalCard = await EntryAsync(feed, e => e.Message.Actions.Any(a => a.Action == new CardAction.Approve(request.Id)), Patience);
        await ClickAsync(http, "bob", new CardAction.Approve(request.Id), approvalCard.Id);

        var done = await EntryAsync(feed, e => e.Message.Title.StartsWith("Failover", StringComparison.Ordinal) && (e.Message.Title.EndsWith(": SUCCEEDED", StringComparison.Ordinal) || e.Message.Title.EndsWith(": FAILED", StringComparison.Ordinal)), OperationPatience);
        Assert.True(done.Message.Title.EndsWith(": SUCCEEDED", StringComparison.Ordinal), string.Join('\n', done.Message.Sections.Select(s => s.Text)));
        Assert.Equal(FailoverReportText.Header("alice", "bob", request.Id), done.Message.Sections[0].Text);
        Assert.Equal("mail2", await scope.VipAnswerAsync(Token));
        var withdrawn = await EntryAsync(feed, e => e.Id == proposal.Id && e.Message.Title == "✅ mail2 is now active: mail1's outage handled", Patience);
        Assert.Empty(withdrawn.Message.Actions);
        Assert.DoesNotContain(feed.Since(0).Entries, e => e.Id != proposal.Id && e.Message.Title.Contains("is DOWN: failover", StringComparison.Ordinal));
    }

    private static async Task ClickAsync(HttpClient http, string person, CardAction action, string messageId)
    {
        using var document = JsonDocument.Parse(action.Encode());
        using var response = await http.PostAsJsonAsync("console/api/action", new ConsoleActionRequest(person, document.RootElement, messageId), Token);
        response.EnsureSuccessStatusCode();
    }

    private static async Task<ConsoleEntry> EntryAsync(ConsoleFeed feed, Func<ConsoleEntry, bool> match, TimeSpan patience)
    {
        ConsoleEntry? found = null;
        var seen = await Eventually.TrueAsync(() => Task.FromResult((found = feed.Since(0).Entries.FirstOrDefault(match)) is not null), patience, Token);
        Assert.True(seen, "not in the console feed; it holds:\n" + string.Join('\n', feed.Since(0).Entries.Select(e => $"{e.Id} {e.Message.Title}: {string.Join(" | ", e.Message.Sections.Take(2).Select(s => s.Text))}")));
        return found!;
    }
}
