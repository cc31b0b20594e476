using System.Net;
using System.Net.Sockets;
using MailHa.Bot.Channels.Console;
using MailHa.Bot.Tests.Monitoring;

namespace MailHa.Bot.Tests.Console;

/// <summary>
/// The whole bot with its console in <see cref="ConsoleMode.SignIn"/> (the default: no mode is configured) on
/// 127.0.0.1, signing in against a <see cref="LocalOpenIdProvider"/>. MailHa's people are the harness's alice, bob
/// (both may request and approve) and carol (read only), each with a console account named by
/// <c>preferred_username</c>; the provider's mallory is nobody to MailHa.
/// </summary>
public sealed class SignInConsole : IAsyncDisposable
{
    private readonly DirectoryInfo _secrets;

    private SignInConsole(LocalOpenIdProvider provider, MonitoringHost bot, DirectoryInfo secrets)
    {
        Provider = provider;
        Bot = bot;
        _secrets = secrets;
    }

    public LocalOpenIdProvider Provider { get; }

    public MonitoringHost Bot { get; }

    /// <summary>The console's page.</summary>
    public Uri Page => Bot.Address!;

    public Uri Api(string path) => new(Bot.Address!, $"console/api/{path}");

    public static async Task<SignInConsole> StartAsync()
    {
        LocalOpenIdProvider.Require();
        var port = FreePort();
        var provider = await LocalOpenIdProvider.StartAsync(new Uri($"http://127.0.0.1:{port}{ConsoleSignIn.CallbackPath}"));
        var secrets = Directory.CreateTempSubdirectory("mailha-signin-");
        try
        {
            var secretFile = Path.Combine(secrets.FullName, "console-client-secret");
            await File.WriteAllTextAsync(secretFile, provider.ClientSecret + "\n", TestContext.Current.CancellationToken);
            var bot = await MonitoringHost.StartAsync(
                s =>
                {
                    s["MailHa:Console:Enabled"] = "true";
                    s["MailHa:Console:SignIn:Authority"] = provider.Issuer.AbsoluteUri;
                    s["MailHa:Console:SignIn:ClientId"] = LocalOpenIdProvider.ClientId;
                    s["MailHa:Console:SignIn:ClientSecret"] = $"file:{secretFile}";
                    s["MailHa:Console:SignIn:PersonClaim"] = "preferred_username";
                    string[] people = ["alice", "bob", "carol"]; // BotHarness.Settings's people, in its order
                    for (var i = 0; i < people.Length; i++)
                    {
                        s[$"MailHa:People:{i}:Console:0:Tenant"] = ConsoleAccounts.SignInTenant;
                        s[$"MailHa:People:{i}:Console:0:User"] = people[i];
                    }
                },
                port: port);
            return new SignInConsole(provider, bot, secrets);
        }
        catch
        {
            await provider.DisposeAsync();
            secrets.Delete(recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Bot.DisposeAsync();
        await Provider.DisposeAsync();
        _secrets.Delete(recursive: true);
    }

    /// <summary>A port nothing listens on now, for the bot: the provider must know the redirect URI before the bot starts.</summary>
    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
