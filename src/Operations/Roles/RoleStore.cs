using Dapper;
using MailHa.Operations.Journal;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Roles;

/// <summary>
/// The recorded roles in the journal. The first read seeds generation 1 from the configured roles;
/// every change appends a new generation, so history is kept and a stale writer is detected.
/// </summary>
public sealed class RoleStore(JournalDatabase journal, MailTopology topology, TimeProvider time)
{
    /// <summary>One row per generation.</summary>
    public static JournalSchema Schema { get; } = new("roles",
    [
        new(
            Sqlite: """
            CREATE TABLE IF NOT EXISTS roles (
                generation INTEGER PRIMARY KEY,
                active TEXT NOT NULL,
                standby TEXT NOT NULL,
                mirror_paused INTEGER NOT NULL,
                changed_at INTEGER NOT NULL,
                changed_by TEXT NOT NULL,
                reason TEXT NOT NULL
            );
            """,
            PostgreSql: """
            CREATE TABLE roles (
                generation BIGINT PRIMARY KEY,
                active TEXT NOT NULL,
                standby TEXT NOT NULL,
                mirror_paused BIGINT NOT NULL,
                changed_at BIGINT NOT NULL,
                changed_by TEXT NOT NULL,
                reason TEXT NOT NULL
            );
            """,
            ShippedAs: 1),
    ]);

    public async Task<RoleState> GetAsync(CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<RoleRow>(new CommandDefinition(
            "SELECT generation, active, standby, mirror_paused AS MirrorPaused, changed_at AS ChangedAt, changed_by AS ChangedBy, reason FROM roles ORDER BY generation DESC LIMIT 1",
            cancellationToken: cancellationToken));
        if (row is not null)
        {
            return row.ToState();
        }

        var initial = new RoleState(
            1,
            topology.OnlyService.Home,
            topology.OnlyService.Nodes[1],
            MirrorPaused: false,
            time.GetUtcNow(),
            "configuration",
            "initial roles from configuration");
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO roles (generation, active, standby, mirror_paused, changed_at, changed_by, reason) VALUES (@Generation, @Active, @Standby, @Paused, @At, @By, @Reason) ON CONFLICT DO NOTHING",
            Parameters(initial),
            cancellationToken: cancellationToken));
        return await GetAsync(cancellationToken);
    }

    /// <summary>
    /// Appends the next generation. Fails (returns null) when the journal moved on since
    /// <paramref name="expectedGeneration"/> was read: someone else changed the roles.
    /// </summary>
    public async Task<RoleState?> ChangeAsync(long expectedGeneration, NodeName active, bool mirrorPaused, string changedBy, string reason, CancellationToken cancellationToken)
    {
        var current = await GetAsync(cancellationToken);
        if (current.Generation != expectedGeneration)
        {
            return null;
        }

        var next = new RoleState(
            current.Generation + 1,
            active,
            topology.OnlyService.Peer(active),
            mirrorPaused,
            time.GetUtcNow(),
            changedBy,
            reason);
        await using var connection = await journal.OpenAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO roles (generation, active, standby, mirror_paused, changed_at, changed_by, reason) VALUES (@Generation, @Active, @Standby, @Paused, @At, @By, @Reason) ON CONFLICT DO NOTHING",
            Parameters(next),
            cancellationToken: cancellationToken));
        return inserted == 1 ? next : null;
    }

    private static object Parameters(RoleState state) => new
    {
        state.Generation,
        Active = state.Active.Value,
        Standby = state.Standby.Value,
        Paused = state.MirrorPaused ? 1 : 0,
        At = state.ChangedAt.ToUnixTimeMilliseconds(),
        By = state.ChangedBy,
        state.Reason,
    };

    private sealed record RoleRow(long Generation, string Active, string Standby, long MirrorPaused, long ChangedAt, string ChangedBy, string Reason)
    {
        public RoleState ToState() => new(
            Generation,
            new NodeName(Active),
            new NodeName(Standby),
            MirrorPaused != 0,
            DateTimeOffset.FromUnixTimeMilliseconds(ChangedAt),
            ChangedBy,
            Reason);
    }
}
