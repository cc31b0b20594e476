using MailHa.Operations.Roles;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Failover;

/// <summary>
/// Lets an approved request run, or says why not, changing nothing: one operation per service at a time (across chat,
/// CLI, jobs and instances; an operation still holding its lease is running, never joined or resumed), an interrupted
/// one of another kind finished first, the move resolved as the plan resolved it (nodes the plan found down are not
/// candidates), the lease taken and the target's room reserved in the journal.
/// </summary>
public sealed class OperationAdmission(RoleStore roles, OperationJournal operations, ServiceLease lease, MailTopology topology, NodesFoundDown foundDown, OperationTrail trail, TimeProvider time)
{
    public async Task<Admission> AdmitAsync(FailoverRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var startedAt = time.GetUtcNow();
        var service = request.Service;
        var states = await roles.GetAllAsync(topology.Services, cancellationToken);
        var current = states.First(s => s.Service == service.Name);

        // An operation in the journal that still holds the lock is running, not interrupted: never join or resume it.
        if (await lease.OperationRunningAsync(service.Name, cancellationToken) is { } running)
        {
            return Refused(request, current, startedAt, new AnotherOperationRunning(running));
        }

        var unfinished = await operations.UnfinishedAsync(service.Name, cancellationToken);
        OperationRecord operation;
        if (unfinished is not null)
        {
            if (unfinished.Kind != request.Kind)
            {
                return Refused(request, current, startedAt, new InterruptedOperationFirst(unfinished.Kind, unfinished.Id, unfinished.Source, unfinished.Target));
            }

            operation = unfinished;
        }
        else
        {
            var answering = foundDown.Answering(topology.Nodes.Select(n => n.NodeName));
            var (source, target, refusal) = FailoverPlanner.Resolve(topology, request, current, FailoverPlanner.Running(states), answering);
            if (refusal is not null)
            {
                return Refused(request, current, startedAt, refusal);
            }

            operation = new OperationRecord(service.Name, NewId(request.Kind), request.Kind, source, target, current.Generation, request.RequestedBy, request.ApprovedBy, OperationJournal.Running, startedAt, new HashSet<string>());
        }

        if (await lease.AcquireAsync(operation, request, cancellationToken) is { } holder)
        {
            return Refused(request, current, startedAt, new AnotherOperationRunning(holder));
        }

        var admitted = false;
        try
        {
            // The target's room, reserved in the journal with the operation's row: of two moves onto one node that has
            // room for one, whatever instance runs them, exactly one starts.
            if (unfinished is null
                && await operations.ReserveAsync(operation, request.Overrides.ToString(), placed => Reservation(request, operation, placed), cancellationToken) is { } full)
            {
                return Refused(request, current, startedAt, new NotPlaced(full));
            }

            var held = lease.Keep(operation.Id, cancellationToken);
            admitted = true;
            return new Admitted(operation, startedAt, held);
        }
        finally
        {
            if (!admitted)
            {
                await lease.ReleaseAsync(operation.Id);
            }
        }
    }

    /// <summary>Whether the operation's target has room, given where every service runs or is being moved to (<paramref name="placed"/>); null: it has.</summary>
    private OverCapacity? Reservation(FailoverRequest request, OperationRecord operation, IReadOnlyDictionary<ServiceName, NodeName> placed) =>
        Placement.Place(topology, request.Service.Name, placed.Where(p => p.Key != request.Service.Name).Append(new(request.Service.Name, operation.Source)).ToDictionary(),
                new HashSet<NodeName> { operation.Target }, operation.Target, request.Overrides.OverCapacity) as OverCapacity;

    private NotAdmitted Refused(FailoverRequest request, RoleState current, DateTimeOffset startedAt, OperationRefusal refusal)
    {
        trail.Refused(request, refusal);
        return new NotAdmitted(new FailoverReport("", request.Service.Name, request.Kind, current.Active, current.Standby, FailoverOutcome.Refused, [], refusal, null, new NothingChanged(), request.RequestedBy, request.ApprovedBy, startedAt, time.GetUtcNow()));
    }

    private string NewId(OperationKind kind) =>
        $"{kind.ToString().ToLowerInvariant()}-{time.GetUtcNow():yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..4]}";
}
