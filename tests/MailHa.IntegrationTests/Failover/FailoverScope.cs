using MailHa.IntegrationTests.Lab;
using MailHa.Operations.Roles;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;

namespace MailHa.IntegrationTests.Failover;

/// <summary>
/// One failover test's world: the lab at its baseline when it starts and again when it ends (pass or
/// fail), and a journal of its own in a temporary directory. Containers built here share that journal,
/// as a restarted bot or the CLI would.
/// </summary>
public sealed class FailoverScope : IAsyncDisposable
{
    private readonly LabFixture _lab;
    private readonly string _directory;
    private readonly List<IHost> _hosts = [];

    private FailoverScope(LabFixture lab)
    {
        _lab = lab;
        _directory = Path.Combine(Path.GetTempPath(), $"mailha-failover-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_directory);
    }

    public string DatabasePath => Path.Combine(_directory, "mailha.db");

    public static async Task<FailoverScope> StartAsync(LabFixture lab, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lab);
        await LabBaseline.RestoreAsync(lab, cancellationToken);
        return new FailoverScope(lab);
    }

    /// <summary>A service container on this test's journal (or on <paramref name="databasePath"/>).</summary>
    public IHost Build(string? databasePath = null)
    {
        var host = LabServices.Build(_lab, new Dictionary<string, string?> { ["MailHa:Storage:DatabasePath"] = databasePath ?? DatabasePath });
        _hosts.Add(host);
        return host;
    }

    /// <summary>Another journal in this test's directory: a second bot that never saw this one's changes.</summary>
    public string OtherDatabasePath(string name) => Path.Combine(_directory, $"{name}.db");

    /// <summary>Delivers a new message into a user's INBOX on one host; returns its path inside the host.</summary>
    public async Task<string> DeliverAsync(string host, string user)
    {
        var path = $"{LabBaseline.StorePath}/{user}/INBOX/new/{LabBaseline.TestMessagePrefix}{Guid.NewGuid():N}.msg";
        await _lab.ExecAsync(host, $"printf 'From: test@mail.lab\\nTo: {user}@mail.lab\\nSubject: delivered on {host}\\n\\nhello\\n' > '{path}'");
        return path;
    }

    public async Task<bool> ExistsAsync(string host, string path) =>
        (await _lab.ExecAsync(host, $"[ -f '{path}' ] && echo yes || echo no")).Trim() == "yes";

    /// <summary>A listing of a host's store (path, size, mtime per file), to prove it was not touched.</summary>
    public Task<string> StoreListingAsync(string host) =>
        _lab.ExecAsync(host, $"cd '{LabBaseline.StorePath}' && find . -type f -printf '%p %s %T@\\n' | sort");

    /// <summary>What the host's own roles state file says, or null when it has none.</summary>
    public async Task<NodeRoleRecord?> StateFileAsync(string host) =>
        NodeRoleRecord.Parse(await _lab.ExecAsync(host, $"cat '{LabBaseline.StateFile}' 2>/dev/null || true"));

    /// <summary>One value from this test's journal (Microsoft.Data.Sqlite, not MailHa's code).</summary>
    public async Task<T?> QueryAsync<T>(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            host.Dispose();
        }

        try
        {
            await LabBaseline.RestoreAsync(_lab, CancellationToken.None);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_directory, recursive: true);
        }
    }
}
