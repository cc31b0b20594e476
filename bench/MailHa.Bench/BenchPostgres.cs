using Npgsql;

namespace MailHa.Bench;

/// <summary>
/// A private PostgreSQL (Debian's server) for the instances stage, started by the script the tests and
/// <c>lab/demo --postgres</c> share (<c>lab/postgres start DIR</c>), its data directory under the lab's run
/// directory, stopped by the PID in its <c>postmaster.pid</c> (<c>lab/postgres stop DIR</c>) when disposed.
/// </summary>
internal sealed class BenchPostgres : IAsyncDisposable
{
    private readonly Lab _lab;
    private readonly string _directory;
    private string _admin = "";
    private string _application = "";

    private BenchPostgres(Lab lab, string directory)
    {
        _lab = lab;
        _directory = directory;
    }

    private string Script => Path.Combine(_lab.Root, "lab", "postgres");

    public static async Task<BenchPostgres> StartAsync(Lab lab, string directory, CancellationToken cancellationToken)
    {
        var server = new BenchPostgres(lab, directory);
        var started = await Proc.RunAsync(server.Script, ["start", directory], TimeSpan.FromMinutes(2), cancellationToken);
        if (!started.Ok)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"lab/postgres start: {started.Describe()}");
        }

        server._admin = (await File.ReadAllTextAsync(Path.Combine(directory, "admin-connection-string"), cancellationToken)).Trim();
        server._application = (await File.ReadAllTextAsync(Path.Combine(directory, "connection-string"), cancellationToken)).Trim();
        return server;
    }

    /// <summary>A new empty database owned by the application role, and a secret file holding its connection string (for <c>file:</c> references).</summary>
    public async Task<(string ConnectionString, string SecretFile)> CreateDatabaseAsync(string name, CancellationToken cancellationToken)
    {
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_admin) { Pooling = false }.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name} OWNER mailha", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var connectionString = new NpgsqlConnectionStringBuilder(_application) { Database = name }.ConnectionString;
        var secret = Path.Combine(_directory, $"{name}.connection-string");
        await File.WriteAllTextAsync(secret, connectionString, cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return (connectionString, secret);
    }

    /// <summary>Stops the server (fast shutdown), waits <paramref name="down"/>, starts it again on the same port and data.</summary>
    public async Task RestartAsync(TimeSpan down, CancellationToken cancellationToken)
    {
        var stopped = await Proc.RunAsync(Script, ["stop", _directory], TimeSpan.FromMinutes(1), cancellationToken);
        if (!stopped.Ok)
        {
            throw new InvalidOperationException($"lab/postgres stop: {stopped.Describe()}");
        }

        await Task.Delay(down, cancellationToken);
        var started = await Proc.RunAsync(Script, ["start", _directory], TimeSpan.FromMinutes(2), cancellationToken);
        if (!started.Ok)
        {
            throw new InvalidOperationException($"lab/postgres start (again): {started.Describe()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        var stopped = await Proc.RunAsync(Script, ["stop", _directory], TimeSpan.FromMinutes(1), CancellationToken.None);
        if (!stopped.Ok)
        {
            Console.Error.WriteLine($"lab/postgres stop {_directory}: {stopped.Describe()}");
        }
    }
}
