using Dapper;
using MailHa.IntegrationTests.Lab;
using MailHa.Operations.Jobs;
using Npgsql;

namespace MailHa.IntegrationTests.EndToEnd;

/// <summary>
/// The journal several <see cref="ServeInstance"/>s of one test share: a new database on the test PostgreSQL and a
/// secret file naming it (as an operator configures it), read back with plain SQL (Dapper, not MailHa's code).
/// </summary>
public sealed class ServeJournal
{
    private ServeJournal(string connection, string secret)
    {
        Connection = connection;
        Secret = secret;
    }

    /// <summary>The connection string (the database of this test only).</summary>
    public string Connection { get; }

    /// <summary>The file holding <see cref="Connection"/>: <c>MailHa:Storage:ConnectionString</c> is <c>file:</c> it.</summary>
    public string Secret { get; }

    public static async Task<ServeJournal> CreateAsync(PostgresServer postgres, LabScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(postgres);
        ArgumentNullException.ThrowIfNull(scope);
        var connection = await postgres.CreateDatabaseAsync(cancellationToken);
        var secret = scope.OtherDatabasePath("postgres-connection");
        await File.WriteAllTextAsync(secret, connection, cancellationToken);
        return new ServeJournal(connection, secret);
    }

    /// <summary>
    /// How often the leading instance looks for an interrupted operation or mirror run in <see cref="Settings"/>
    /// (<c>MailHa:Alerts:InterruptedWatchInterval</c>, 15 s by default): often, so that a test of a killed instance waits on
    /// the lease's expiry, not on the watch's next look (nor, for the all-clear, on the look after a run ended).
    /// </summary>
    public static readonly TimeSpan InterruptedWatchInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The lab's configuration for instances sharing this journal, plus a lease short enough to expire within a test, an
    /// interrupted-operation watch that looks every <see cref="InterruptedWatchInterval"/>, and no other watch that would
    /// post on its own. Tests of what a killed instance leaves behind are not about timeouts: several instances, the lab
    /// and a loaded CI machine share two cores, so SSH gets more than the lab's 2 s to connect and a lease 10 s to be
    /// renewed. <paramref name="mirrorCron"/> null: no scheduled mirror.
    /// </summary>
    public static Dictionary<string, string> Settings(string? mirrorCron)
    {
        var settings = new Dictionary<string, string>
        {
            ["MailHa__Storage__LeaseDuration"] = "00:00:10",
            ["MailHa__Ssh__ConnectTimeout"] = "00:00:05",
            ["MailHa__Mirror__ScheduleEnabled"] = mirrorCron is null ? "false" : "true",
            ["MailHa__Alerts__HealthCron"] = "0 0 1 1 *",
            ["MailHa__Alerts__WatchInterval"] = "1.00:00:00",
            ["MailHa__Alerts__InterruptedWatchInterval"] = InterruptedWatchInterval.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (mirrorCron is not null)
        {
            settings["MailHa__Mirror__Cron"] = mirrorCron;
        }

        return settings;
    }

    /// <summary>Rows of <paramref name="sql"/>; none while the journal is not migrated yet.</summary>
    public Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters, CancellationToken cancellationToken) =>
        QueryAsync<T>(Connection, sql, parameters, cancellationToken);

    /// <summary>Rows of <paramref name="sql"/> in the database of <paramref name="connection"/>; none while it is not migrated yet.</summary>
    public static async Task<IReadOnlyList<T>> QueryAsync<T>(string connection, string sql, object? parameters, CancellationToken cancellationToken)
    {
        await using var database = new NpgsqlConnection(connection);
        try
        {
            return [.. await database.QueryAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))];
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return [];
        }
    }

    /// <summary>The holder of the <c>leader</c> lease while it is unexpired (an instance's id: its host name, a colon, …), or null.</summary>
    public async Task<string?> LeaderAsync(CancellationToken cancellationToken) =>
        (await QueryAsync<string>(
            "SELECT holder FROM leases WHERE name = @name AND expires_at > @now",
            new { name = Leadership.LeaseName, now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() },
            cancellationToken)).SingleOrDefault();
}
