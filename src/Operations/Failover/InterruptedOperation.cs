using MailHa.Operations.Journal;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Failover;

/// <summary>
/// An operation that never finished and that nobody runs any more: its process was killed or its
/// instance died (its lease expired or its process is gone). It never resumes by itself, because
/// the world may have changed since: a person runs the same operation again, which re-checks the
/// plan (and in chat, the approval's fingerprint), skips the steps already done and continues.
/// </summary>
public sealed record InterruptedOperation(
    ServiceName Service,
    string Id,
    OperationKind Kind,
    NodeName Source,
    NodeName Target,
    string RequestedBy,
    string ApprovedBy,
    DateTimeOffset StartedAt,
    string? LastCompletedStep,
    DateTimeOffset LastProgressAt,
    string StateLeft)
{
    public string Verb => Kind.ToString().ToLowerInvariant();

    /// <summary>How to resume, for people: the same verb from the command line or from chat.</summary>
    public string Resume =>
        $"run {Verb} again to resume it ('mailha {Verb} --yes', or '/mail {Verb}' approved in chat): it re-checks, skips the steps already done and continues";

    public string Describe() =>
        $"INTERRUPTED {Verb} of {Service} {Id} ({Source} → {Target}), requested by {RequestedBy}, approved by {ApprovedBy}; " +
        $"last completed step: {LastCompletedStep ?? "none"}; left {StateLeft}. To resume: {Resume}.";

    /// <summary>
    /// The newest interrupted operation of any service, if any: unfinished in the journal and held by no live lease
    /// (<paramref name="running"/>), described with what its VIP looks like now (<paramref name="vip"/>, when known).
    /// </summary>
    public static async Task<InterruptedOperation?> FindAsync(OperationJournal operations, IReadOnlyList<OperationLease> running, Func<ServiceName, VipReport?>? vip, CancellationToken cancellationToken) =>
        (await FindAllAsync(operations, running, vip, cancellationToken)) is [var newest, ..] ? newest : null;

    /// <summary>Every service's interrupted operation, newest first.</summary>
    public static async Task<IReadOnlyList<InterruptedOperation>> FindAllAsync(OperationJournal operations, IReadOnlyList<OperationLease> running, Func<ServiceName, VipReport?>? vip, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(running);
        return [.. (await operations.UnfinishedAsync(cancellationToken))
            .Where(open => !running.Any(r => r.OperationId == open.Id))
            .Select(found => From(found, VipState(vip?.Invoke(found.Service))))];
    }

    private static string VipState(VipReport? report) => report?.Verdict switch
    {
        VipVerdict.Nobody => "VIP on nobody",
        VipVerdict.SplitBrain => "VIP on BOTH nodes",
        VipVerdict.HeldBy => $"VIP on {report.Holder}",
        _ => "VIP holder unknown",
    };

    internal static InterruptedOperation From(OperationRecord operation, string vipState)
    {
        var since = operation.LastDone?.At ?? operation.StartedAt;
        return new(
            operation.Service,
            operation.Id,
            operation.Kind,
            operation.Source,
            operation.Target,
            operation.RequestedBy,
            operation.ApprovedBy,
            operation.StartedAt,
            operation.LastDone?.Step,
            since,
            $"{vipState} since {since:HH:mm}Z");
    }
}
