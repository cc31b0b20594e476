using MailHa.Operations.Journal;
using MailHa.Operations.Mirror;
using MailHa.Operations.Mirror.Continuous;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Status;

/// <summary>
/// What status says of the mirrors: each service's last and last good run and a run left interrupted (from the journal;
/// null when it cannot answer), and each continuous service's own stream.
/// </summary>
public sealed class MirrorFacts(MirrorHistory history, OperationLock operationLock, MirrorStreams streams, MailTopology topology)
{
    public async Task<Found> GatherAsync(CancellationToken cancellationToken)
    {
        // Every service's runs in one read: per service, the journal's connection set-up grew with the services.
        var reading = JournalAvailability.OrNullAsync(history.LatestAsync([.. topology.Services.Select(s => s.Name)], cancellationToken));
        var finding = JournalAvailability.OrNullAsync(InterruptedMirror.FindAsync(operationLock, history, cancellationToken));
        var (latest, interrupted) = (await reading, await finding);
        return new Found(
            [.. topology.Services.Select((_, i) => latest?[i].Last)],
            [.. topology.Services.Select((_, i) => latest?[i].LastGood)],
            interrupted);
    }

    /// <summary>The stream of <paramref name="service"/>'s continuous mirror; null when it is mirrored on its interval only.</summary>
    public MirrorStreamView? StreamOf(ServiceName service) => streams.ViewOf(service);

    /// <summary>Each service's last and last good run, in configuration order, and a mirror run left interrupted.</summary>
    public sealed record Found(IReadOnlyList<MirrorRun?> LastRuns, IReadOnlyList<MirrorRun?> LastGoods, InterruptedMirror? Interrupted);
}
