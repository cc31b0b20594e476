using System.Diagnostics;
using Npgsql;

namespace MailHa.TestSupport.Storage;

/// <summary>
/// A real PostgreSQL (Debian's server) for the test assembly, started by the same script as
/// <c>lab/demo --postgres</c> (<c>lab/postgres start DIR</c>) in a private directory and stopped by
/// its PID at the end. Each test gets its own database. Under CI=true a server that cannot start
/// fails the run; elsewhere its tests skip with the reason.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"mailha-pg-{Guid.NewGuid():N}");
    private string _adminConnectionString = "";
    private string _connectionString = "";

    /// <summary>Why there is no server, or null when it runs.</summary>
    public string? Unavailable { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var script = Path.Combine(FindRepositoryRoot(), "lab", "postgres");
        var (code, output) = await RunAsync(script, "start", _directory);
        if (code != 0)
        {
            Unavailable = $"lab/postgres start failed ({code}): {output}";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"CI=true but {Unavailable}");
            }

            return;
        }

        _adminConnectionString = (await File.ReadAllTextAsync(Path.Combine(_directory, "admin-connection-string"))).Trim();
        _connectionString = (await File.ReadAllTextAsync(Path.Combine(_directory, "connection-string"))).Trim();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await RunAsync(Path.Combine(FindRepositoryRoot(), "lab", "postgres"), "stop", _directory);
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>Stops the server by its PID (fast shutdown: sessions are terminated), as PostgreSQL going away under MailHa.</summary>
    public async Task StopAsync()
    {
        var (code, output) = await RunAsync(Path.Combine(FindRepositoryRoot(), "lab", "postgres"), "stop", _directory);
        Assert.True(code == 0, $"lab/postgres stop failed ({code}): {output}");
    }

    /// <summary>Starts the stopped server again in its directory, on the same port: the same connection strings work.</summary>
    public async Task StartAsync()
    {
        var (code, output) = await RunAsync(Path.Combine(FindRepositoryRoot(), "lab", "postgres"), "start", _directory);
        Assert.True(code == 0, $"lab/postgres start failed ({code}): {output}");
        Assert.Equal(_connectionString, (await File.ReadAllTextAsync(Path.Combine(_directory, "connection-string"))).Trim());
    }

    /// <summary>A new empty database owned by the application role; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        if (Unavailable is not null)
        {
            Assert.Skip(Unavailable);
        }

        var name = $"mailha_test_{Guid.NewGuid():N}";
        await AdminAsync($"CREATE DATABASE {name} OWNER mailha", cancellationToken);
        return new NpgsqlConnectionStringBuilder(_connectionString) { Database = name }.ConnectionString;
    }

    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await AdminAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", CancellationToken.None);
    }

    /// <summary>Runs SQL as the superuser in <paramref name="connectionString"/>'s database (what someone with full access could do).</summary>
    public async Task AsSuperuserAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        var admin = new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = new NpgsqlConnectionStringBuilder(connectionString).Database, Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task AdminAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_adminConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<(int Code, string Output)> RunAsync(string script, params string[] args)
    {
        var start = new ProcessStartInfo(script) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MailHa.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("MailHa.sln not found above the test assembly.");
    }
}
