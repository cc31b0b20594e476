using System.Text.Json;
using System.Text.Json.Nodes;
using MailHa.Bot.Tests.NodePackages;
using Microsoft.Playwright;

namespace MailHa.Bot.Tests.Teams;

/// <summary>
/// The official Adaptive Cards renderer for HTML hosts, npm <c>adaptivecards</c> at the version pinned in
/// <c>tests/cards-render/package-lock.json</c> (installed there by <c>.ci/install-deps</c> with <c>npm ci</c>), with
/// markdown-it as its markdown processor, in headless Chromium with Teams' host configuration
/// (<c>tests/cards-render/teams-host-config.json</c>). <c>tests/cards-render/render-card.js</c> renders a card and
/// reports what a person sees and what each click hands to the host.
/// </summary>
public sealed class AdaptiveCardsSdk : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HeadlessChromium _chromium;
    private readonly IPage _page;
    private readonly string _hostConfig;

    private AdaptiveCardsSdk(HeadlessChromium chromium, IPage page, string hostConfig)
    {
        _chromium = chromium;
        _page = page;
        _hostConfig = hostConfig;
    }

    /// <summary>tests/cards-render in this checkout.</summary>
    public static string Folder { get; } = NodePackageFolder.Find("cards-render");

    private static string Script => Path.Combine(Folder, "node_modules", "adaptivecards", "dist", "adaptivecards.min.js");

    private static string Markdown => Path.Combine(Folder, "node_modules", "markdown-it", "dist", "markdown-it.min.js");

    /// <summary>Skips the calling test when the renderer or the browser is missing; fails under CI=true instead.</summary>
    public static void Require()
    {
        HeadlessChromium.Require();
        NodePackageFolder.Require("cards-render", Script);
        NodePackageFolder.Require("cards-render", Markdown);
    }

    public static async Task<AdaptiveCardsSdk> StartAsync()
    {
        var chromium = await HeadlessChromium.LaunchAsync();
        try
        {
            var page = await chromium.OpenAsync(new Uri("about:blank"));
            await page.SetContentAsync(
                "<!doctype html><html><head><meta charset=\"utf-8\"></head>"
                + "<body style=\"margin:0;background:#f0f0f0\"><div id=\"card\" style=\"width:720px;margin:16px;background:#fff\"></div></body></html>");
            await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = Markdown });
            await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = Script });
            await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = Path.Combine(Folder, "render-card.js") });
            var hostConfig = await File.ReadAllTextAsync(Path.Combine(Folder, "teams-host-config.json"));
            return new AdaptiveCardsSdk(chromium, page, hostConfig);
        }
        catch
        {
            await chromium.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Renders <paramref name="card"/>, clicks each toggle then each button. <paramref name="executeSupported"/> false
    /// renders it as a host that does not know <c>Action.Execute</c> does (its <c>Action.Submit</c> fallbacks).
    /// </summary>
    public async Task<RenderedCard> RenderAsync(JsonObject card, bool executeSupported = true)
    {
        ArgumentNullException.ThrowIfNull(card);
        var result = await _page.EvaluateAsync<string>(
            "([card, host, execute]) => JSON.stringify(window.renderMailHaCard(JSON.parse(card), JSON.parse(host), execute))",
            new object[] { card.ToJsonString(), _hostConfig, executeSupported });
        return JsonSerializer.Deserialize<RenderedCard>(result, Json) ?? throw new InvalidOperationException("the renderer returned nothing");
    }

    /// <summary>A picture of the card as last rendered (toggles open), for a person to look at.</summary>
    public async Task ScreenshotAsync(string path) =>
        await _page.Locator("#card").ScreenshotAsync(new LocatorScreenshotOptions { Path = path });

    public ValueTask DisposeAsync() => _chromium.DisposeAsync();
}

/// <summary>
/// What the renderer showed: <paramref name="Texts"/> is the visible text of each text element in order (toggles
/// open); <paramref name="Problems"/> the SDK's parse and validation messages.
/// </summary>
public sealed record RenderedCard(
    IReadOnlyList<string> Problems,
    IReadOnlyList<string> Texts,
    IReadOnlyList<RenderedToggle> Toggles,
    IReadOnlyList<ClickedAction> Actions);

/// <summary>An <c>Action.ToggleVisibility</c>: for each target, whether the card has it, it was hidden, and the click showed it.</summary>
public sealed record RenderedToggle(string Title, IReadOnlyList<string> Targets, IReadOnlyList<bool> Found, IReadOnlyList<bool> HiddenBefore, IReadOnlyList<bool> ShownAfter);

/// <summary>A button as its click reaches the host: its type, title, verb (<c>Action.Execute</c>) and data as JSON.</summary>
public sealed record ClickedAction(string Type, string? Title, string? Verb, string? Data);
