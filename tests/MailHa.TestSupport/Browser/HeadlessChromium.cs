using Microsoft.Playwright;

namespace MailHa.TestSupport.Browser;

/// <summary>
/// Debian's Chromium (package <c>chromium</c>, installed by <c>.ci/install-deps</c>) driven headless by Playwright, for the
/// console end-to-end test and the Teams card rendering test.
/// Playwright never downloads a browser here: it is only given the executable path. Each launch gets a new, empty
/// profile folder, removed on dispose; the flags keep the browser from talking to anything but the page.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright _playwright;
    private readonly IBrowserContext _context;
    private readonly DirectoryInfo _profile;

    private HeadlessChromium(IPlaywright playwright, IBrowserContext context, DirectoryInfo profile)
    {
        _playwright = playwright;
        _context = context;
        _profile = profile;
    }

    /// <summary>Skips the calling test when the browser is missing (fails under CI=true, where install-deps must have installed it).</summary>
    public static void Require()
    {
        if (File.Exists(ExecutablePath))
        {
            return;
        }

        var reason = $"{ExecutablePath} is missing: run .ci/install-deps (Debian package chromium)";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(reason);
        }

        Assert.Skip(reason);
    }

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        // Belt and braces: nothing here installs browsers, and this tells the driver not to try.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var profile = Directory.CreateTempSubdirectory("mailha-chromium-");
        IPlaywright? playwright = null;
        try
        {
            playwright = await Playwright.CreateAsync();
            var context = await playwright.Chromium.LaunchPersistentContextAsync(profile.FullName, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = Flags,
                ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
            });
            return new HeadlessChromium(playwright, context, profile);
        }
        catch
        {
            playwright?.Dispose();
            profile.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>A tab showing <paramref name="address"/>.</summary>
    public async Task<IPage> OpenAsync(Uri address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var page = _context.Pages.Count > 0 ? _context.Pages[0] : await _context.NewPageAsync();
        await page.GotoAsync(address.AbsoluteUri);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await _context.CloseAsync();
        await _context.DisposeAsync();
        _playwright.Dispose();
        try
        {
            _profile.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file the browser was still finishing as it exited; the folder is a temp folder either way.
        }
    }
}
