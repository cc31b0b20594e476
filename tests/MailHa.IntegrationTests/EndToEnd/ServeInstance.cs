using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using MailHa.Bot.Channels.Console;
using MailHa.Bot.Chat;
using MailHa.IntegrationTests.Failover;
using MailHa.IntegrationTests.Lab;

namespace MailHa.IntegrationTests.EndToEnd;

/// <summary>
/// One <c>mailha serve</c> process, as an operator runs it on one of several hosts: the lab's configuration, the
/// journal on a shared PostgreSQL, its own host name (its own UTS namespace) and loopback port, driven and read
/// through its console channel. Killed like a crash (SIGKILL by its PID) or stopped at the end of the test.
/// </summary>
public sealed class ServeInstance : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(100) };
    private static readonly JsonSerializerOptions FeedJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly MailHaCli _process;

    private ServeInstance(string host, Uri baseAddress, MailHaCli process)
    {
        Host = host;
        BaseAddress = baseAddress;
        _process = process;
    }

    /// <summary>Its host name: lease holders it writes into the journal start with it.</summary>
    public string Host { get; }

    public Uri BaseAddress { get; }

    public bool HasExited => _process.HasExited;

    /// <param name="connectionSecret">A file holding the PostgreSQL connection string (a <c>file:</c> secret reference).</param>
    /// <param name="settings">More <c>MailHa__...</c> environment variables (the mirror's cron, the lease duration, …).</param>
    public static async Task<ServeInstance> StartAsync(LabFixture lab, string host, string connectionSecret, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}/");
        var environment = new Dictionary<string, string>(settings)
        {
            ["Urls"] = baseAddress.ToString().TrimEnd('/'),
            ["MailHa__Storage__Provider"] = "PostgreSql",
            ["MailHa__Storage__ConnectionString"] = $"file:{connectionSecret}",
        };
        var process = MailHaCli.Start(lab, environment, host, "serve");
        var instance = new ServeInstance(host, baseAddress, process);
        if (!await Eventually.TrueAsync(instance.AnswersAsync, TimeSpan.FromMinutes(1), cancellationToken) || process.HasExited)
        {
            throw new InvalidOperationException($"mailha serve on {host} did not answer /healthz within a minute, or stopped:\n{await process.KillAsync()}");
        }

        return instance;
    }

    /// <summary>Types <paramref name="text"/> into this instance's console as <paramref name="person"/>.</summary>
    public async Task CommandAsync(string person, string text, CancellationToken cancellationToken)
    {
        using var response = await Http.PostAsJsonAsync(new Uri(BaseAddress, "console/api/command"), new { @as = person, text }, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Presses a button (its <paramref name="action"/>) in this instance's console as <paramref name="person"/>.</summary>
    public async Task ActionAsync(string person, CardAction action, CancellationToken cancellationToken)
    {
        using var response = await Http.PostAsJsonAsync(new Uri(BaseAddress, "console/api/action"), new { @as = person, action = JsonNode.Parse(action.Encode()), messageId = "1" }, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Everything in this instance's console feed (what it posted there, alerts included).</summary>
    public async Task<IReadOnlyList<ConsoleEntry>> FeedAsync(CancellationToken cancellationToken) =>
        (await Http.GetFromJsonAsync<Feed>(new Uri(BaseAddress, "console/api/feed"), FeedJson, cancellationToken))!.Entries;

    /// <summary>SIGKILL, as a crash or an OOM kill: no lease is released, nothing is finished. Returns what it printed.</summary>
    public Task<string> KillAsync() => _process.KillAsync();

    public async ValueTask DisposeAsync()
    {
        await _process.KillAsync();
        _process.Dispose();
    }

    private async Task<bool> AnswersAsync()
    {
        if (_process.HasExited)
        {
            return true; // StartAsync reports what it printed
        }

        try
        {
            using var response = await Http.GetAsync(new Uri(BaseAddress, "healthz"));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record Feed(long Version, IReadOnlyList<ConsoleEntry> Entries);
}
