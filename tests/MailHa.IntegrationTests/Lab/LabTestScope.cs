using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MailHa.IntegrationTests.Lab;

/// <summary>
/// One lab test's own state: a fresh journal database (recorded roles and mirror history start clean), no roles
/// state file on either node, and on request a snapshot of both message stores that is put back at the end.
/// <c>await using</c> it, so the next test finds the lab as this one did.
/// </summary>
public sealed class LabTestScope : IAsyncDisposable
{
    private static readonly string[] Hosts = ["mail1", "mail2"];

    private readonly LabFixture _lab;
    private readonly string _directory;
    private readonly string _stateFile;
    private readonly string? _store;

    private LabTestScope(LabFixture lab, string stateFile, string? store)
    {
        _lab = lab;
        _stateFile = stateFile;
        _store = store;
        _directory = Directory.CreateTempSubdirectory("mailha-lab-test-").FullName;
    }

    /// <summary>The journal database of this test only (<c>MailHa:Storage:DatabasePath</c>).</summary>
    public string DatabasePath => Path.Combine(_directory, "mailha.db");

    public static async Task<LabTestScope> StartAsync(LabFixture lab, bool snapshotStores = false)
    {
        ArgumentNullException.ThrowIfNull(lab);
        lab.RequireLab();
        var mirror = lab.ReadConfig()["MailHa"]!["Mirror"]!;
        var scope = new LabTestScope(lab, mirror["StateFile"]!.GetValue<string>(), snapshotStores ? mirror["StorePath"]!.GetValue<string>() : null);
        try
        {
            await scope.RemoveStateFilesAsync();
            if (scope._store is { } store)
            {
                foreach (var host in Hosts)
                {
                    await lab.ExecAsync(host, $"rm -rf '{Snapshot(store)}' && cp -a '{store}' '{Snapshot(store)}'");
                }
            }

            return scope;
        }
        catch
        {
            await scope.DisposeAsync();
            throw;
        }
    }

    /// <summary>A container on the lab's configuration and this test's database, plus <paramref name="overrides"/>.</summary>
    public IHost Build(IDictionary<string, string?>? overrides = null, Action<IServiceCollection>? configure = null)
    {
        var settings = new Dictionary<string, string?>(overrides ?? new Dictionary<string, string?>(), StringComparer.OrdinalIgnoreCase)
        {
            ["MailHa:Storage:DatabasePath"] = DatabasePath,
        };
        return LabServices.Build(_lab, settings, configure);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RemoveStateFilesAsync();
            if (_store is { } store)
            {
                foreach (var host in Hosts)
                {
                    await _lab.ExecAsync(host, $"if [ -d '{Snapshot(store)}' ]; then rm -rf '{store}' && mv '{Snapshot(store)}' '{store}'; fi");
                }
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_directory, recursive: true);
        }
    }

    private async Task RemoveStateFilesAsync()
    {
        foreach (var host in Hosts)
        {
            await _lab.ExecAsync(host, $"rm -f '{_stateFile}' '{_stateFile}.tmp'");
        }
    }

    private static string Snapshot(string store) => store.TrimEnd('/') + ".mailha-test-snapshot";
}
