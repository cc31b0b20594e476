using Dapper;
using MailHa.Operations.Journal;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Alerts;

/// <summary>
/// Per-problem streaks: one alert when a problem starts, a reminder every <c>ReminderInterval</c>
/// while it lasts, one recovery when it ends. Nothing while healthy. The streaks live in the journal,
/// so a restart (or the other instance taking over the watch) neither repeats the alert nor forgets
/// the recovery; one observation at a time per problem decides, across instances.
/// </summary>
public sealed class AlertTracker(JournalDatabase journal, IOptions<AlertOptions> options, TimeProvider time)
{
    /// <summary>When each problem was last alerted.</summary>
    public static JournalSchema Schema { get; } = new("alert_streaks",
    [
        new(
            Sqlite: """
            CREATE TABLE alert_streaks (
                problem TEXT PRIMARY KEY,
                last_alert_at INTEGER NOT NULL
            );
            """,
            PostgreSql: """
            CREATE TABLE alert_streaks (
                problem TEXT PRIMARY KEY,
                last_alert_at BIGINT NOT NULL
            );
            """,
            ShippedAs: 3),
    ]);

    public async Task<AlertKind> ObserveAsync(string problem, bool bad, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var now = time.GetUtcNow();
        await using var connection = await journal.OpenAsync(cancellationToken);
        await using var transaction = await journal.BeginExclusiveAsync(connection, "alert:" + problem, cancellationToken);
        var last = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT last_alert_at FROM alert_streaks WHERE problem = @problem", new { problem }, transaction, cancellationToken: cancellationToken));
        var kind = (bad, last) switch
        {
            (false, null) => AlertKind.None,
            (false, _) => AlertKind.Recovery,
            (true, null) => AlertKind.Alert,
            (true, { } at) when now - DateTimeOffset.FromUnixTimeMilliseconds(at) >= options.Value.ReminderInterval => AlertKind.Reminder,
            _ => AlertKind.None,
        };

        var sql = kind switch
        {
            AlertKind.Recovery => "DELETE FROM alert_streaks WHERE problem = @problem",
            AlertKind.Alert or AlertKind.Reminder =>
                "INSERT INTO alert_streaks (problem, last_alert_at) VALUES (@problem, @now) ON CONFLICT (problem) DO UPDATE SET last_alert_at = excluded.last_alert_at",
            _ => null,
        };
        if (sql is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, new { problem, now = now.ToUnixTimeMilliseconds() }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return kind;
    }
}
