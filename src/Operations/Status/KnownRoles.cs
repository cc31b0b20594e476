using MailHa.Operations.Journal;
using MailHa.Operations.Mirror;
using MailHa.Operations.Roles;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Status;

/// <summary>
/// The roles status shows: the journal's (<see cref="RoleStore"/>) while it answers, remembered; while it is unreachable,
/// the newest of what this instance last read from it and what the nodes' own state files say (the generation decides;
/// a tie keeps the journal's copy, which says who changed it and why), and the configured roles when neither is there.
/// <see cref="KnownRoleState.Outage"/> says the journal was unreachable and where the roles came from.
/// </summary>
public sealed class KnownRoles(RoleStore roles, JournalDatabase journal, NodeStateFiles stateFiles, MailTopology topology, TimeProvider time)
{
    private readonly Lock _gate = new();
    private (RoleState State, DateTimeOffset ReadAt)? _last;

    /// <summary>Only the roles of <paramref name="known"/>, for whoever needs no more.</summary>
    public static async Task<RoleState> StateAsync(Task<KnownRoleState> known)
    {
        ArgumentNullException.ThrowIfNull(known);
        return (await known).State;
    }

    public async Task<KnownRoleState> GetAsync(CancellationToken cancellationToken)
    {
        JournalUnreachable outage;
        try
        {
            var state = await roles.GetAsync(cancellationToken);
            lock (_gate)
            {
                _last = (state, time.GetUtcNow());
            }

            return new KnownRoleState(state, null);
        }
        catch (Exception e) when (e is not OperationCanceledException && journal.Availability.Unreachable(e) is { } unreachable)
        {
            outage = unreachable;
        }

        var files = await Task.WhenAll(topology.Nodes.Select(async n => (n.NodeName, (await stateFiles.ReadAsync(n.NodeName, cancellationToken)).Record)));
        (RoleState State, DateTimeOffset ReadAt)? last;
        lock (_gate)
        {
            last = _last;
        }

        var newestFile = files.Where(f => f.Record is not null).OrderByDescending(f => f.Record!.Generation).FirstOrDefault();
        if (newestFile.Record is { } record && (last is null || record.Generation > last.Value.State.Generation))
        {
            var fromFile = new RoleState(
                record.Generation,
                new NodeName(record.Active),
                new NodeName(record.Standby),
                record.MirrorPaused,
                time.GetUtcNow(),
                $"{newestFile.NodeName}'s state file",
                "read from the node: the journal is unreachable");
            return new KnownRoleState(fromFile, new JournalOutageStatus(outage, new RolesSource.StateFile(newestFile.NodeName)));
        }

        if (last is { } known)
        {
            return new KnownRoleState(known.State, new JournalOutageStatus(outage, new RolesSource.LastKnown(known.ReadAt)));
        }

        var configured = new RoleState(0, topology.OnlyService.Home, topology.OnlyService.Nodes[1], MirrorPaused: false, time.GetUtcNow(), "configuration", "no journal and no state file to read");
        return new KnownRoleState(configured, new JournalOutageStatus(outage, new RolesSource.Configuration()));
    }
}

/// <summary>The roles to show, and, when the journal was unreachable, that outage and where the roles came from instead.</summary>
public sealed record KnownRoleState(RoleState State, JournalOutageStatus? Outage);
