using System.Net;
using System.Text;
using System.Text.Json;
using MailHa.Bot.Approvals;
using MailHa.Bot.Channels.Console;
using MailHa.Bot.Chat;
using MailHa.Bot.Tests.Monitoring;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MailHa.Bot.Tests.Console;

/// <summary>
/// The console in <see cref="ConsoleMode.SignIn"/> against a real OpenID provider (<see cref="LocalOpenIdProvider"/>):
/// people sign in through the provider's login form, the signed-in person is the one acting whatever the browser
/// says, and the two-person rule holds across tabs.
/// </summary>
public class ConsoleSignInTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Page_GoesToProviderWithPkce_AndApiAnswersUnauthorized_WhenNotSignedIn()
    {
        await using var console = await SignInConsole.StartAsync();
        using var browser = new SignInBrowser();

        using var page = await browser.GetAsync(console.Page);
        var signIn = page.Headers.Location!;
        var query = QueryHelpers.ParseQuery(signIn.Query);
        Assert.Equal(HttpStatusCode.Found, page.StatusCode);
        Assert.Equal(new Uri(console.Provider.Issuer, "auth").GetLeftPart(UriPartial.Path), signIn.GetLeftPart(UriPartial.Path));
        // The provider offers pushed authorization requests, so the handler sent the request itself (authenticated
        // with the client secret) and the browser carries only its reference. The provider requires PKCE: every
        // sign-in the other tests complete used it.
        Assert.Equal(LocalOpenIdProvider.ClientId, query["client_id"]);
        Assert.StartsWith("urn:ietf:params:oauth:request_uri:", query["request_uri"].ToString(), StringComparison.Ordinal);
        Assert.False(query.ContainsKey("client_secret"));

        foreach (var path in new[] { "board", "feed?since=0", "me", "people" })
        {
            using var get = await browser.GetAsync(console.Api(path));
            Assert.Equal(HttpStatusCode.Unauthorized, get.StatusCode);
        }

        using var command = await browser.PostJsonAsync(console.Api("command"), new { @as = "alice", text = "/mail switchover" });
        using var action = await browser.PostJsonAsync(console.Api("action"), new { @as = "bob", action = Action(new CardAction.Approve("1")), messageId = "1" });
        using var unreadable = await Unreadable(console);
        Assert.Equal(HttpStatusCode.Unauthorized, command.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, action.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unreadable.StatusCode); // refused before any body is read

        // A callback this browser never started (an injected code) signs nobody in.
        var forged = await browser.OpenAsync(new Uri(console.Page, $"{ConsoleSignIn.CallbackPath}?code=forged&state=forged"));
        using var after = await browser.GetAsync(console.Api("board"));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.Status);
        Assert.Contains("sign-in failed", forged.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Empty(Feed(console));
    }

    [Fact]
    public async Task SignedInPerson_Acts_WhateverPersonTheBrowserNames()
    {
        await using var console = await SignInConsole.StartAsync();
        using var alice = new SignInBrowser();

        var landed = await alice.SignInAsync(console.Page, "alice");
        using var me = await alice.GetAsync(console.Api("me"));
        using var command = await alice.PostJsonAsync(console.Api("command"), new { @as = "bob", text = "/mail help" });

        Assert.Equal((console.Page, HttpStatusCode.OK), (landed.Address, landed.Status));
        Assert.DoesNotContain("DEMO MODE", landed.Body, StringComparison.Ordinal);
        Assert.Contains("<strong id=\"person\"></strong>", landed.Body, StringComparison.Ordinal);
        Assert.Equal("alice", JsonDocument.Parse(await me.Content.ReadAsStringAsync(Token)).RootElement.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.OK, command.StatusCode);
        var said = Assert.Single(Feed(console), e => e.From is not null);
        Assert.Equal(("alice", "/mail help"), (said.From, said.Message.Title));
    }

    [Fact]
    public async Task Switchover_IsApprovedOnlyByBob_WhenAliceRequestsItAndApprovesFromASecondTab()
    {
        await using var console = await SignInConsole.StartAsync();
        var approvals = console.Bot.Services.GetRequiredService<ApprovalService>();
        using var alice = new SignInBrowser();
        using var bob = new SignInBrowser();
        await alice.SignInAsync(console.Page, "alice");

        using var asked = await alice.PostJsonAsync(console.Api("command"), new { text = "/mail switchover" });
        var request = Assert.Single(await approvals.PendingAsync(Token));
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Equal("alice", request.Requester.Name);

        // A second tab of alice's browser, naming bob: alice is still the one acting, and may not approve her own request.
        using var own = await alice.PostJsonAsync(console.Api("action"), new { @as = "bob", action = Action(new CardAction.Approve(request.Id)), messageId = "1" });
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains(Feed(console), e => e.Message.Title == "(to alice) Refused");
        var still = await approvals.FindAsync(request.Id, Token);
        Assert.Equal((ApprovalState.Pending, 0), (still!.State, still.Approvals.Count));

        var landed = await bob.SignInAsync(console.Page, "bob");
        using var approved = await bob.PostJsonAsync(console.Api("action"), new { action = Action(new CardAction.Approve(request.Id)), messageId = "1" });

        Assert.Equal((console.Page, HttpStatusCode.OK), (landed.Address, landed.Status));
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Contains(Feed(console), e => e.Message.Title == $"(to bob) Approved {request.Id}");
        var decided = await approvals.FindAsync(request.Id, Token);
        Assert.NotEqual(ApprovalState.Pending, decided!.State);
        Assert.Equal(["bob"], decided.Approvals.Select(a => a.Name));
    }

    [Fact]
    public async Task SignedInStranger_IsForbiddenAndActsOnNothing_WhenNotOneOfMailHasPeople()
    {
        await using var console = await SignInConsole.StartAsync();
        using var mallory = new SignInBrowser();

        var landed = await mallory.SignInAsync(console.Page, "mallory");
        using var board = await mallory.GetAsync(console.Api("board"));
        using var command = await mallory.PostJsonAsync(console.Api("command"), new { @as = "alice", text = "/mail switchover" });

        Assert.Equal((console.Page, HttpStatusCode.Forbidden), (landed.Address, landed.Status));
        Assert.Contains("You are signed in as &#39;mallory&#39; (preferred_username)", landed.Body, StringComparison.Ordinal);
        Assert.Contains($"\"Tenant\": \"{ConsoleAccounts.SignInTenant}\", \"User\": \"mallory\"", landed.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, board.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, command.StatusCode);
        Assert.Empty(Feed(console));
        Assert.Empty(await console.Bot.Services.GetRequiredService<ApprovalService>().PendingAsync(Token));
    }

    [Fact]
    public async Task SignIn_LogsNeitherCodeNorClientSecret_WhenAPersonSignsIn()
    {
        await using var console = await SignInConsole.StartAsync();
        using var alice = new SignInBrowser();

        await alice.SignInAsync(console.Page, "alice");

        // The browser carried a real authorization code back to the console.
        var callback = Assert.Single(alice.Visited, u => u.AbsolutePath == ConsoleSignIn.CallbackPath);
        var code = QueryHelpers.ParseQuery(callback.Query)["code"].ToString();
        Assert.NotEmpty(code);
        var logs = string.Join('\n', console.Bot.Logs.Entries.Select(e => e.Message));
        Assert.NotEmpty(logs);
        Assert.DoesNotContain(code, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(console.Provider.ClientSecret, logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_NamesTheSignedInPersonAndActsAsThem_InChromium()
    {
        HeadlessChromium.Require();
        await using var console = await SignInConsole.StartAsync();
        await using var chromium = await HeadlessChromium.LaunchAsync();

        // The console sends the browser to the provider's login form; signing in there brings it back.
        var page = await chromium.OpenAsync(console.Page);
        await page.GetByLabel("Username").FillAsync("alice");
        await page.GetByLabel("Password").FillAsync(LocalOpenIdProvider.Password("alice"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.Locator("#person")).ToHaveTextAsync("alice");
        await Expect(page.Locator("#roles")).ToHaveTextAsync("Approve, Read, Request");
        await Expect(page.Locator("#demo")).ToHaveCountAsync(0);
        await page.Locator("#text").FillAsync("/mail help");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(page.Locator(".msg.user h4")).ToHaveTextAsync("/mail help");

        var screenshot = Path.Combine(AppContext.BaseDirectory, "TestResults", "console-signed-in.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        TestContext.Current.TestOutputHelper?.WriteLine($"screenshot: {screenshot}");
        var said = Assert.Single(Feed(console), e => e.From is not null);
        Assert.Equal(("alice", "/mail help"), (said.From, said.Message.Title));
    }

    [Theory]
    [InlineData("Authority", "", "MailHa:Console:SignIn:Authority")]
    [InlineData("Authority", "http://idp.example.org/realms/mail", "MailHa:Console:SignIn:Authority")]
    [InlineData("ClientId", "", "MailHa:Console:SignIn:ClientId")]
    [InlineData("ClientSecret", "hunter2", "MailHa:Console:SignIn:ClientSecret")]
    [InlineData("ClientSecret", "file:/nonexistent/mailha-console-secret", "MailHa:Console:SignIn:ClientSecret")]
    [InlineData("PersonClaim", "", "MailHa:Console:SignIn:PersonClaim")]
    [InlineData("Session", "-00:01:00", "MailHa:Console:SignIn:Session")]
    public async Task Start_IsRefusedNamingTheKey_WhenSignInIsMisconfigured(string key, string value, string named)
    {
        var secret = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(secret, "a-client-secret", Token);
            var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => MonitoringHost.StartAsync(s =>
            {
                s["MailHa:Console:Enabled"] = "true";
                s["MailHa:Console:SignIn:Authority"] = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0";
                s["MailHa:Console:SignIn:ClientId"] = "mailha-console";
                s["MailHa:Console:SignIn:ClientSecret"] = $"file:{secret}";
                s[$"MailHa:Console:SignIn:{key}"] = value;
            }));

            Assert.Contains(named, refused.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("hunter2", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    private static JsonElement Action(CardAction action) => JsonDocument.Parse(action.Encode()).RootElement;

    private static IReadOnlyList<ConsoleEntry> Feed(SignInConsole console) =>
        console.Bot.Services.GetRequiredService<ConsoleFeed>().Since(0).Entries;

    private static async Task<HttpResponseMessage> Unreadable(SignInConsole console)
    {
        using var http = new HttpClient();
        return await http.PostAsync(console.Api("command"), new StringContent("not json", Encoding.UTF8, "application/json"), Token);
    }
}
