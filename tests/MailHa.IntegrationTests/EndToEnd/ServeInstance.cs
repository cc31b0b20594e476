using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using MailHa.Bot.Channels.Console;
using MailHa.Bot.Chat;
using MailHa.IntegrationTests.Lab;
using MailHa.TestSupport.Serve;

namespace MailHa.IntegrationTests.EndToEnd;

/// <summary>
/// One <c>mailha serve</c> process, as an operator runs it on one of several hosts: the lab's configuration, the
/// journal on a shared PostgreSQL, its own host name (its own UTS namespace) and loopback port, driven and read
/// through its console channel. Killed like a crash (SIGKILL by its PID) or stopped at the end of the test. Launched
/// by <see cref="ServeProcess"/>, as the bench launches its instances; its output goes to a log in the lab's run directory.
/// </summary>
public sealed class ServeInstance : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(100) };
    private static readonly JsonSerializerOptions FeedJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly ServeProcess _process;

    private ServeInstance(string host, Uri baseAddress, ServeProcess process)
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
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(settings);
        var environment = new Dictionary<string, string>(settings)
        {
            ["MailHa__Storage__Provider"] = "PostgreSql",
            ["MailHa__Storage__ConnectionString"] = $"file:{connectionSecret}",
        };
        var log = Path.Combine(lab.RunDirectory, $"serve-{host}-{Guid.NewGuid():N}.log");
        var process = await ServeProcess.StartAsync(lab.Script, host, host, ServeProcess.FreePort(), environment, log, cancellationToken);
        return new ServeInstance(host, process.BaseAddress, process);
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

    /// <summary>The first feed entry on any of <paramref name="instances"/> that matches, and where; on timeout, fails with their feeds.</summary>
    public static async Task<(ServeInstance Instance, ConsoleEntry Entry)> EntryAsync(IReadOnlyList<ServeInstance> instances, Func<ConsoleEntry, bool> match, TimeSpan patience, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instances);
        ArgumentNullException.ThrowIfNull(match);
        (ServeInstance, ConsoleEntry)? found = null;
        var seen = await Eventually.TrueAsync(
            async () =>
            {
                foreach (var instance in instances)
                {
                    if (found is null && (await instance.FeedAsync(cancellationToken)).FirstOrDefault(match) is { } entry)
                    {
                        found = (instance, entry);
                    }
                }

                return found is not null;
            },
            patience,
            cancellationToken);
        if (!seen)
        {
            var feeds = new List<string>();
            foreach (var instance in instances)
            {
                feeds.Add($"{instance.Host}:\n" + string.Join('\n', (await instance.FeedAsync(cancellationToken)).Select(e => $"  {e.Id} {e.Message.Title}")));
            }

            Assert.Fail("not in the console feeds:\n" + string.Join('\n', feeds));
        }

        return found!.Value;
    }

    /// <summary>SIGKILL, as a crash or an OOM kill: no lease is released, nothing is finished. Returns what it printed.</summary>
    public Task<string> KillAsync() => _process.KillAsync();

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private sealed record Feed(long Version, IReadOnlyList<ConsoleEntry> Entries);
}
