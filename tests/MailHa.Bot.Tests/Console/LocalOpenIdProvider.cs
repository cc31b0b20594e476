using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MailHa.Bot.Tests.NodePackages;
using MailHa.Bot.Tests.Teams;

namespace MailHa.Bot.Tests.Console;

/// <summary>
/// A real OpenID provider, npm <c>oidc-provider</c> at the version pinned in <c>tests/oidc-provider/package-lock.json</c>,
/// run by <c>tests/oidc-provider/provider.js</c> in that folder on 127.0.0.1 with a free port and stopped by its PID.
/// One confidential client, <see cref="ClientId"/>, with a fresh secret each start, redirecting only to the given URI;
/// accounts alice, bob and mallory, each with the password <see cref="Password"/>.
/// </summary>
public sealed class LocalOpenIdProvider : IAsyncDisposable
{
    public const string ClientId = "mailha-console";

    private readonly Process _process;
    private readonly StringBuilder _stderr;

    private LocalOpenIdProvider(Process process, StringBuilder stderr, Uri issuer, string clientSecret)
    {
        _process = process;
        _stderr = stderr;
        Issuer = issuer;
        ClientSecret = clientSecret;
    }

    public static string Folder { get; } = NodePackageFolder.Find("oidc-provider");

    public Uri Issuer { get; }

    public string ClientSecret { get; }

    /// <summary>What the provider wrote to standard error (its warnings), for a failing test's message.</summary>
    public string Errors
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static string Password(string account) => $"{account}-password";

    /// <summary>Skips the calling test when the provider is not installed; fails under CI=true instead.</summary>
    public static void Require() =>
        NodePackageFolder.Require("oidc-provider", Path.Combine(Folder, "node_modules", "oidc-provider", "package.json"));

    public static async Task<LocalOpenIdProvider> StartAsync(Uri redirectUri)
    {
        ArgumentNullException.ThrowIfNull(redirectUri);
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Folder,
            UseShellExecute = false,
            RedirectStandardInput = true, // the provider exits when this closes: a test run that dies leaves none behind
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("provider.js");
        start.ArgumentList.Add(redirectUri.AbsoluteUri);
        start.Environment["MAILHA_TEST_CLIENT_SECRET"] = secret;

        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        try
        {
            var line = await process.StandardOutput.ReadLineAsync(Wait.Token());
            if (line is null)
            {
                await process.WaitForExitAsync(Wait.Token());
                throw new InvalidOperationException($"the provider exited ({process.ExitCode}) before it listened: {stderr}");
            }

            using var started = JsonDocument.Parse(line);
            var issuer = new Uri(started.RootElement.GetProperty("issuer").GetString()!);
            return new LocalOpenIdProvider(process, stderr, issuer, secret);
        }
        catch
        {
            process.Kill();
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync(CancellationToken.None);
        _process.Dispose();
    }
}
