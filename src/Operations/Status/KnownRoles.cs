using MailHa.Operations.Journal;
using MailHa.Operations.Mirror;
using MailHa.Operations.Roles;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Status;

/// <summary>
/// The roles status shows, per service: the journal's (<see cref="RoleStore"/>) while it answers, remembered; while it is
/// unreachable, the newest of what this instance last read from it and what the service's nodes' own state files say
/// (the generation decides; a tie keeps the journal's copy, which says who changed it and why), and the configured roles
/// when neither is there. <see cref="KnownRoleStates.Outage"/> says the journal was unreachable and where the first
/// service's roles came from.
/// </summary>
public sealed class KnownRoles(RoleStore roles, JournalDatabase journal, NodeStateFiles stateFiles, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ServiceName, (RoleState State, DateTimeOffset ReadAt)> _last = [];

    public async Task<KnownRoleStates> GetAllAsync(IReadOnlyList<ServiceDefinition> services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        JournalUnreachable outage;
        try
        {
            var states = await roles.GetAllAsync(services, cancellationToken);
            var now = time.GetUtcNow();
            lock (_gate)
            {
                foreach (var state in states)
                {
                    _last[state.Service] = (state, now);
                }
            }

            return new KnownRoleStates(states, null);
        }
        catch (Exception e) when (e is not OperationCanceledException && journal.Availability.Unreachable(e) is { } unreachable)
        {
            outage = unreachable;
        }

        var known = await Task.WhenAll(services.Select(s => WithoutJournalAsync(s, outage, cancellationToken)));
        return new KnownRoleStates([.. known.Select(k => k.State)], known[0].Outage);
    }

    private async Task<(RoleState State, JournalOutageStatus Outage)> WithoutJournalAsync(ServiceDefinition service, JournalUnreachable outage, CancellationToken cancellationToken)
    {
        var files = await Task.WhenAll(service.Nodes.Select(async n => (Node: n, (await stateFiles.ReadAsync(n, service, cancellationToken)).Record)));
        (RoleState State, DateTimeOffset ReadAt)? last;
        lock (_gate)
        {
            last = _last.TryGetValue(service.Name, out var remembered) ? remembered : null;
        }

        var newestFile = files.Where(f => f.Record is not null).OrderByDescending(f => f.Record!.Generation).FirstOrDefault();
        if (newestFile.Record is { } record && (last is null || record.Generation > last.Value.State.Generation))
        {
            var fromFile = new RoleState(
                service.Name,
                record.Generation,
                new NodeName(record.Active),
                new NodeName(record.Standby),
                record.MirrorPaused,
                time.GetUtcNow(),
                $"{newestFile.Node}'s state file",
                "read from the node: the journal is unreachable");
            return (fromFile, new JournalOutageStatus(outage, new RolesSource.StateFile(newestFile.Node)));
        }

        if (last is { } known)
        {
            return (known.State, new JournalOutageStatus(outage, new RolesSource.LastKnown(known.ReadAt)));
        }

        var configured = new RoleState(service.Name, 0, service.Home, service.StandbyFor(service.Home), MirrorPaused: false, time.GetUtcNow(), "configuration", "no journal and no state file to read");
        return (configured, new JournalOutageStatus(outage, new RolesSource.Configuration()));
    }
}

/// <summary>Every service's roles to show, and, when the journal was unreachable, that outage and where the first service's roles came from.</summary>
public sealed record KnownRoleStates(IReadOnlyList<RoleState> States, JournalOutageStatus? Outage);
