using System.Data.Common;
using Dapper;
using MailHa.Operations.Journal;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Roles;

/// <summary>
/// The recorded roles of each service in the journal. The first read of a service seeds its generation 1 from its
/// list (its home active, the next node its standby); every change appends that service's next generation, so history
/// is kept and a stale writer is detected. Services are independent: each has its own generations.
/// </summary>
public sealed class RoleStore(JournalDatabase journal, TimeProvider time)
{
    /// <summary>
    /// 1: one row per generation of the one pair. 2: one row per (service, generation) in <c>service_roles</c>; the one
    /// pair's history is copied there unclaimed (service <c>''</c>) and becomes the history of the first configured
    /// service (the implicit one of a configuration without <c>Services</c>) when the journal opens
    /// (<see cref="JournalSchema.LegacyServiceTables"/>). <c>roles</c> stays, unread, for a look back.
    /// </summary>
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
        new(
            Sqlite: """
            CREATE TABLE service_roles (
                service TEXT NOT NULL,
                generation INTEGER NOT NULL,
                active TEXT NOT NULL,
                standby TEXT NOT NULL,
                mirror_paused INTEGER NOT NULL,
                changed_at INTEGER NOT NULL,
                changed_by TEXT NOT NULL,
                reason TEXT NOT NULL,
                PRIMARY KEY (service, generation)
            );
            INSERT INTO service_roles (service, generation, active, standby, mirror_paused, changed_at, changed_by, reason)
                SELECT '', generation, active, standby, mirror_paused, changed_at, changed_by, reason FROM roles;
            """,
            PostgreSql: """
            CREATE TABLE service_roles (
                service TEXT NOT NULL,
                generation BIGINT NOT NULL,
                active TEXT NOT NULL,
                standby TEXT NOT NULL,
                mirror_paused BIGINT NOT NULL,
                changed_at BIGINT NOT NULL,
                changed_by TEXT NOT NULL,
                reason TEXT NOT NULL,
                PRIMARY KEY (service, generation)
            );
            INSERT INTO service_roles (service, generation, active, standby, mirror_paused, changed_at, changed_by, reason)
                SELECT '', generation, active, standby, mirror_paused, changed_at, changed_by, reason FROM roles;
            """),
    ])
    {
        LegacyServiceTables = ["service_roles"],
    };

    private const string Columns = "service, generation, active, standby, mirror_paused AS MirrorPaused, changed_at AS ChangedAt, changed_by AS ChangedBy, reason";

    private const string Insert =
        "INSERT INTO service_roles (service, generation, active, standby, mirror_paused, changed_at, changed_by, reason) VALUES (@Service, @Generation, @Active, @Standby, @Paused, @At, @By, @Reason) ON CONFLICT DO NOTHING";

    /// <summary>The service's newest generation (seeded from its list the first time).</summary>
    public async Task<RoleState> GetAsync(ServiceDefinition service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        await using var connection = await journal.OpenAsync(cancellationToken);
        return await GetAsync(connection, service, cancellationToken);
    }

    /// <summary>Every service's newest generation, in the order of <paramref name="services"/>.</summary>
    public async Task<IReadOnlyList<RoleState>> GetAllAsync(IReadOnlyList<ServiceDefinition> services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var connection = await journal.OpenAsync(cancellationToken);
        var states = new List<RoleState>(services.Count);
        foreach (var service in services)
        {
            states.Add(await GetAsync(connection, service, cancellationToken));
        }

        return states;
    }

    /// <summary>
    /// Appends the service's next generation, with <paramref name="active"/> running it; the standby stays when the active
    /// node does (a pause or a resume), otherwise it is the next node in the list (<see cref="ServiceDefinition.StandbyFor(NodeName)"/>).
    /// Fails (returns null) when the journal moved on since <paramref name="expectedGeneration"/> was read: someone else
    /// changed the service's roles.
    /// </summary>
    public Task<RoleState?> ChangeAsync(ServiceDefinition service, long expectedGeneration, NodeName active, bool mirrorPaused, string changedBy, string reason, CancellationToken cancellationToken) =>
        ChangeAsync(service, expectedGeneration, active, standby: null, mirrorPaused, changedBy, reason, cancellationToken);

    /// <summary>
    /// As <see cref="ChangeAsync(ServiceDefinition, long, NodeName, bool, string, string, CancellationToken)"/>, with the
    /// node the mirror then feeds named (a move chooses the next node of the list that answers,
    /// <see cref="ServiceDefinition.StandbyFor(NodeName, IReadOnlySet{NodeName})"/>).
    /// </summary>
    public async Task<RoleState?> ChangeAsync(ServiceDefinition service, long expectedGeneration, NodeName active, NodeName? standby, bool mirrorPaused, string changedBy, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (standby is { } named && (named == active || !service.MayRunOn(named)))
        {
            throw new ArgumentException($"'{named}' cannot be {service.Name}'s standby beside '{active}' (its nodes: {string.Join(", ", service.Nodes)}).", nameof(standby));
        }

        await using var connection = await journal.OpenAsync(cancellationToken);
        var current = await GetAsync(connection, service, cancellationToken);
        if (current.Generation != expectedGeneration)
        {
            return null;
        }

        var feeds = standby ?? (current.Active == active ? current.Standby : service.StandbyFor(active));
        var next = new RoleState(service.Name, current.Generation + 1, active, feeds, mirrorPaused, time.GetUtcNow(), changedBy, reason);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(Insert, Parameters(next), cancellationToken: cancellationToken));
        return inserted == 1 ? next : null;
    }

    private async Task<RoleState> GetAsync(DbConnection connection, ServiceDefinition service, CancellationToken cancellationToken)
    {
        var read = new CommandDefinition(
            $"SELECT {Columns} FROM service_roles WHERE service = @service ORDER BY generation DESC LIMIT 1",
            new { service = service.Name.Value },
            cancellationToken: cancellationToken);
        if (await connection.QuerySingleOrDefaultAsync<RoleRow>(read) is { } row)
        {
            return row.ToState(service.Name);
        }

        var initial = new RoleState(service.Name, 1, service.Home, service.StandbyFor(service.Home), MirrorPaused: false, time.GetUtcNow(), "configuration", "initial roles from configuration");
        await connection.ExecuteAsync(new CommandDefinition(Insert, Parameters(initial), cancellationToken: cancellationToken));
        return (await connection.QuerySingleAsync<RoleRow>(read)).ToState(service.Name);
    }

    private static object Parameters(RoleState state) => new
    {
        Service = state.Service.Value,
        state.Generation,
        Active = state.Active.Value,
        Standby = state.Standby.Value,
        Paused = state.MirrorPaused ? 1 : 0,
        At = state.ChangedAt.ToUnixTimeMilliseconds(),
        By = state.ChangedBy,
        state.Reason,
    };

    private sealed record RoleRow(string Service, long Generation, string Active, string Standby, long MirrorPaused, long ChangedAt, string ChangedBy, string Reason)
    {
        public RoleState ToState(ServiceName service) => new(
            service,
            Generation,
            new NodeName(Active),
            new NodeName(Standby),
            MirrorPaused != 0,
            DateTimeOffset.FromUnixTimeMilliseconds(ChangedAt),
            ChangedBy,
            Reason);
    }
}
