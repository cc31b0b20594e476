using MailHa.TestSupport.Lab;
using MailHa.TestSupport.Serve;

namespace MailHa.Bot.Tests.Hosting;

/// <summary>
/// <c>mailha serve</c> as a process, stopped by signal. Started with SIGINT ignored, as a background job of a
/// non-interactive shell starts it (<c>lab/demo</c>, a script's <c>mailha serve &amp;</c>): .NET installs no handler for
/// a signal ignored when its signal handling starts, so SIGINT used to leave serve running until something killed it.
/// Its nodes are loopback addresses on a port nothing listens on: every check fails at once and nothing leaves the machine.
/// </summary>
public sealed class ServeSignalTests : IDisposable
{
    /// <summary>Hang guard, not a threshold: a serve that ignores the signal fails the test with its log instead of hanging it.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private readonly string _directory = Directory.CreateTempSubdirectory("mailha-serve-signal-").FullName;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Serve_ExitsWithCodeZero_WhenInterruptedAfterStartingWithSigintIgnored()
    {
        await using var serve = await StartAsync(interruptIgnored: true);

        await serve.InterruptAsync(Token);

        Assert.True(await ExitedAsync(serve), $"mailha serve still runs after SIGINT: {serve.LogTail()}");
        Assert.Equal(0, serve.ExitCode);
    }

    [Fact]
    public async Task Serve_ExitsWithCodeZero_WhenInterrupted()
    {
        await using var serve = await StartAsync(interruptIgnored: false);

        await serve.InterruptAsync(Token);

        Assert.True(await ExitedAsync(serve), $"mailha serve still runs after SIGINT: {serve.LogTail()}");
        Assert.Equal(0, serve.ExitCode);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private Task<ServeProcess> StartAsync(bool interruptIgnored)
    {
        var config = Path.Combine(_directory, "mailha.json");
        File.WriteAllText(config, "{}");
        var closed = ServeProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var settings = new Dictionary<string, string>
        {
            ["MailHa:Vip:Address"] = "127.0.0.10",
            ["MailHa:Vip:ServicePort"] = closed,
            ["MailHa:Vip:ImapPort"] = closed,
            ["MailHa:Console:Enabled"] = "true",
            ["MailHa:Console:Mode"] = "Demo",
        };
        foreach (var (key, value) in TwoNodeSettings.Create(_directory))
        {
            settings.TryAdd(key, value!);
        }

        for (var i = 0; i < 2; i++)
        {
            var address = $"127.0.0.{i + 1}";
            settings[$"MailHa:Nodes:{i}:Host"] = address;
            settings[$"MailHa:Nodes:{i}:Port"] = closed;
            settings[$"MailHa:Nodes:{i}:ServiceAddress"] = address;
            settings[$"MailHa:Nodes:{i}:MirrorAddress"] = address;
            settings[$"MailHa:Nodes:{i}:LdapUrl"] = $"ldap://{address}:{closed}";
        }

        return ServeProcess.StartAsync(
            LabScript.FindRepositoryRoot(AppContext.BaseDirectory), config, "serve", null, ServeProcess.FreePort(), settings, Path.Combine(_directory, "serve.log"), interruptIgnored, Token);
    }

    private static async Task<bool> ExitedAsync(ServeProcess serve)
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(Token);
        guard.CancelAfter(Patience);
        try
        {
            await serve.WaitForExitAsync(guard.Token);
            return true;
        }
        catch (OperationCanceledException) when (!Token.IsCancellationRequested)
        {
            return false;
        }
    }
}
