using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.UseCases;
using MailHa.IntegrationTests.Lab;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MailHa.IntegrationTests.EndToEnd;

/// <summary>
/// The operator console in a real headless Chromium against the whole bot and the real lab: what an operator
/// sees and clicks is what moves the VIP. Each test starts and ends with the VIP on mail1 and no state files.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class ConsoleEndToEndTests(LabFixture lab)
{
    private const string Switchover = "Switchover: move the VIP from mail1 to mail2";

    // The root namespace's address on the lab's service bridge (lab/README.md, Topology): not loopback.
    private const string LabBridgeAddress = "198.18.15.254";

    // Hang guards, not thresholds: a broken build fails with the page's content instead of hanging CI.
    private static readonly TimeSpan BoardPatience = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan OperationPatience = TimeSpan.FromMinutes(3);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Switchover_MovesVipToMail2_WhenAliceRequestsAndBobApprovesInConsole()
    {
        lab.RequireLab();
        HeadlessChromium.Require();
        await using var scope = await LabScope.StartAsync(lab, Token);
        var screenshot = Path.Combine(AppContext.BaseDirectory, "TestResults", "console-failover.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        File.Delete(screenshot);
        await using var bot = await LabBot.StartAsync(scope, null, null, Token);
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.OpenAsync(bot.BaseAddress);

        await Expect(page.Locator("#headline")).ToHaveTextAsync("mail1 serves the VIP", new() { Timeout = Ms(BoardPatience) });
        await Expect(page.Locator("#demo")).ToHaveTextAsync("DEMO MODE: anyone on this host can act as anyone"); // the lab's console runs in demo mode
        await Expect(NodeRow(page, "mail1")).ToContainTextAsync(["mail1", "active", "ok", "220 mail1.lab ESMTP", "mail1.lab IMAP MailHa-lab", "holds"]);
        await Expect(NodeRow(page, "mail2")).ToContainTextAsync(["mail2", "standby", "ok", "220 mail2.lab ESMTP", "mail2.lab IMAP MailHa-lab", "—"]);

        await page.SelectOptionAsync("#person", "alice");
        await page.Locator("#text").FillAsync("/mail switchover");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        var card = await FeedMessageAsync(page, $"^Approval needed: {Switchover}$", BoardPatience);
        var request = Assert.Single(await bot.Services.GetRequiredService<ApprovalService>().PendingAsync(Token));

        await page.SelectOptionAsync("#person", "bob");
        await card.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

        var progress = await FeedMessageAsync(page, $"^{Switchover}: (SUCCEEDED|FAILED)$", OperationPatience);
        var report = await progress.InnerTextAsync();
        Assert.True(await progress.Locator("h4").InnerTextAsync() == $"{Switchover}: SUCCEEDED", report);
        Assert.Contains(FailoverReportText.Header("alice", "bob", request.Id), report, StringComparison.Ordinal);
        await Expect(page.Locator("#headline")).ToHaveTextAsync("mail2 serves the VIP", new() { Timeout = Ms(BoardPatience) });
        await Expect(NodeRow(page, "mail2")).ToContainTextAsync(["mail2", "active", "ok", "220 mail2.lab ESMTP", "mail2.lab IMAP MailHa-lab", "holds"], new() { Timeout = Ms(BoardPatience) });
        await Expect(NodeRow(page, "mail1")).ToContainTextAsync(["mail1", "standby", "ok", "220 mail1.lab ESMTP", "mail1.lab IMAP MailHa-lab", "—"]);
        Assert.Equal("mail2", await scope.VipAnswerAsync(Token));

        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        TestContext.Current.TestOutputHelper?.WriteLine($"screenshot: {screenshot}");
        Assert.True(new FileInfo(screenshot) is { Exists: true, Length: > 0 }, $"no screenshot at {screenshot}");
    }

    [Fact]
    public async Task Approve_IsRefusedAndNothingChanges_WhenReadOnlyPersonClicksIt()
    {
        lab.RequireLab();
        HeadlessChromium.Require();
        await using var scope = await LabScope.StartAsync(lab, Token);
        await using var bot = await LabBot.StartAsync(scope, null, null, Token);
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.OpenAsync(bot.BaseAddress);
        await page.SelectOptionAsync("#person", "alice");
        await page.Locator("#text").FillAsync("/mail switchover");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        var card = await FeedMessageAsync(page, $"^Approval needed: {Switchover}$", BoardPatience);
        var approve = card.GetByRole(AriaRole.Button, new() { Name = "Approve" });
        var requestId = Assert.IsType<CardAction.Approve>(CardAction.Decode(await approve.GetAttributeAsync("data-action"))).RequestId;

        await page.SelectOptionAsync("#person", "carol");
        await approve.ClickAsync();

        var refusal = await FeedMessageAsync(page, @"^\(to carol\) Refused$", BoardPatience);
        await Expect(refusal).ToContainTextAsync("carol does not hold the approver role. Nothing was changed.");
        await Expect(approve).ToBeVisibleAsync();
        await Expect(page.Locator("#pending")).ToContainTextAsync(requestId!, new() { Timeout = Ms(BoardPatience) });
        await Expect(page.Locator("#audit tr", new() { HasText = "carol" })).ToContainTextAsync("refused", new() { Timeout = Ms(BoardPatience) });
        await Expect(page.Locator("#headline")).ToHaveTextAsync("mail1 serves the VIP");
        Assert.Equal("mail1", await scope.VipAnswerAsync(Token));
    }

    [Fact]
    public async Task Console_IsForbidden_WhenRequestDoesNotComeFromLoopback()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        var settings = new Dictionary<string, string?> { ["Urls"] = $"http://127.0.0.1:0;http://{LabBridgeAddress}:0" };
        await using var bot = await LabBot.StartAsync(scope, settings, null, Token);
        var outside = bot.Addresses.Single(a => a.Host == LabBridgeAddress);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });

        using var page = await http.GetAsync(new Uri(outside, "/"), Token);
        using var board = await http.GetAsync(new Uri(outside, "/console/api/board"), Token);
        using var command = await http.PostAsJsonAsync(new Uri(outside, "/console/api/command"), new { @as = "alice", text = "/mail switchover" }, Token);

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, board.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, command.StatusCode);

        // From loopback the console answers, and it heard nothing from outside.
        Assert.Contains("MailHa console", await http.GetStringAsync(new Uri(bot.BaseAddress, "/"), Token), StringComparison.Ordinal);
        var feed = JsonNode.Parse(await http.GetStringAsync(new Uri(bot.BaseAddress, "/console/api/feed"), Token))!;
        Assert.Equal(0, feed["version"]!.GetValue<long>());
        Assert.Empty(feed["entries"]!.AsArray());
    }

    /// <summary>The newest feed message whose title matches, once the page shows it; on timeout, fails with the whole feed.</summary>
    private static async Task<ILocator> FeedMessageAsync(IPage page, string title, TimeSpan patience)
    {
        var message = page.Locator("#feed .msg").Filter(new() { Has = page.Locator("h4", new() { HasTextRegex = new Regex(title) }) }).Last;
        try
        {
            await message.WaitForAsync(new() { Timeout = Ms(patience) });
        }
        catch (TimeoutException)
        {
            Assert.Fail($"The console showed no message titled /{title}/. The feed:\n{await page.Locator("#feed").InnerTextAsync()}");
        }

        return message;
    }

    /// <summary>The cells of one node's row on the status board: node, role, SSH, SMTP, IMAP, VIP.</summary>
    private static ILocator NodeRow(IPage page, string node) => page.Locator($"#nodes tr:has(td:first-child:text-is('{node}')) td");

    private static float Ms(TimeSpan span) => (float)span.TotalMilliseconds;
}
