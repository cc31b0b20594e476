using MailHa.Operations.Reporting;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Ldap;

/// <summary>
/// Compares the replication state of every two masters that serve or back up a common service
/// (<see cref="ReplicationPair"/>: the one pair, or in N+1 each primary with the standby) for each replicated suffix,
/// and only those: each server's own suffixes (<c>NonReplicatedSuffixes</c>) are never read. OpenLDAP: contextCSN
/// per server id. Sun ONE / 389 DS: replica generation, newest CSN per replica id in the RUV, and the agreements'
/// last update status (a pair looks at its two servers' agreements with each other, not at those to a third node).
/// Each node's bound session is kept for the next check (<see cref="KeptDirectorySessions"/>); one that was lost is
/// replaced at once.
/// </summary>
public sealed class ReplicationChecker(
    IDirectoryClientFactory clients,
    IOptions<DirectoryOptions> options,
    MailTopology topology,
    TimeProvider time,
    ILogger<ReplicationChecker> logger) : IDisposable
{
    private readonly AgreementRetries _retries = new();
    private readonly KeptDirectorySessions _sessions = new();

    /// <summary>
    /// Reads every master in parallel, each on its kept session or a new one (each call bounded by <c>Timeout</c>), each
    /// suffix once on each, one after the other on a node, and reports every replicated suffix per pair.
    /// </summary>
    public async Task<ReplicationReport> CheckAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var pairs = ReplicationPair.Of(topology);
        var nodes = ReplicationPair.NodesOf(pairs);
        var suffixes = settings.ReplicatedSuffixes;
        var reads = await Task.WhenAll(nodes.Select(node => ReadNodeAsync(node, suffixes, settings, cancellationToken)));
        var byNode = nodes.Zip(reads).ToDictionary(r => r.First, r => r.Second);

        var results = pairs.ToDictionary(p => p, _ => new List<SuffixReplication>(settings.ReplicatedSuffixes.Count));
        for (var k = 0; k < suffixes.Count; k++)
        {
            var suffix = suffixes[k];
            var states = nodes.ToDictionary(node => node, node => byNode[node][k]);
            foreach (var pair in pairs)
            {
                var (first, second) = (pair.First, pair.Second);
                var result = (Towards(states[first], pair), Towards(states[second], pair)) switch
                {
                    (DirectoryOk<SuffixState> a, DirectoryOk<SuffixState> b) => Compare(suffix, first, a.Value, second, b.Value, settings.LagTolerance),
                    var (a, b) => new Broken(suffix, [.. Faults(first, a, settings), .. Faults(second, b, settings)]),
                };
                Log(pairs.Count > 1 ? result with { Between = pair } : result);
                results[pair].Add(result);
            }
        }

        return new ReplicationReport(time.GetUtcNow(), [.. pairs.Select(p => new PairReplication(p, results[p]))]);
    }

    /// <summary>
    /// A Sun ONE / 389 DS server's state with only the agreements that may feed the pair's other node: those to another
    /// node of the topology belong to that pair (a consumer MailHa does not know is kept: it may be this peer by another name).
    /// </summary>
    private DirectoryResult<SuffixState> Towards(DirectoryResult<SuffixState> read, ReplicationPair pair)
    {
        if (read is not DirectoryOk<SuffixState> { Value: RuvState { Agreements.Count: > 0 } ruv } || topology.Nodes.Count <= 2)
        {
            return read;
        }

        var others = topology.Nodes.Where(n => n.NodeName != pair.First && n.NodeName != pair.Second).ToList();
        var kept = ruv.Agreements.Where(a => !others.Any(n => Names(n, a.ConsumerHost))).ToList();
        return new DirectoryOk<SuffixState>(ruv with { Agreements = kept });
    }

    /// <summary>Whether an agreement's consumer host is <paramref name="node"/>: its LDAP URL's host, SSH host or service address.</summary>
    private static bool Names(NodeOptions node, string? consumerHost)
    {
        if (string.IsNullOrWhiteSpace(consumerHost))
        {
            return false;
        }

        var ldapHost = Uri.TryCreate(node.LdapUrl, UriKind.Absolute, out var url) ? url.Host : null;
        return new[] { ldapHost, node.Host, node.ServiceAddress }.Any(h => string.Equals(h, consumerHost.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    public void Dispose() => _sessions.Dispose();

    /// <summary>
    /// Every suffix's state on <paramref name="node"/>, in order, on its kept session; a kept session that was lost (the
    /// server restarted, or closed it idle) fails at once and is replaced by a new one, which is kept in turn.
    /// </summary>
    private async Task<IReadOnlyList<DirectoryResult<SuffixState>>> ReadNodeAsync(NodeName node, IReadOnlyList<string> suffixes, DirectoryOptions settings, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        if (_sessions.Take(node) is { } kept)
        {
            var (states, lost) = await ReadSuffixesAsync(node, kept, suffixes, settings, cancellationToken);
            // A session that timed out (the server stopped answering) is not tried again: a new one would wait as long.
            if (!lost || time.GetElapsedTime(started) >= settings.Timeout)
            {
                return states;
            }
        }

        var session = await DirectoryCalls.BoundedAsync(node, "bind", ct => clients.ConnectAsync(node, ct), settings.Timeout, time, logger, cancellationToken);
        return session switch
        {
            DirectoryOk<IDirectoryClient> { Value: var client } => (await ReadSuffixesAsync(node, client, suffixes, settings, cancellationToken)).States,
            DirectoryFailed<IDirectoryClient> { Fault: var fault } => [.. suffixes.Select(_ => new DirectoryFailed<SuffixState>(fault))],
            _ => throw new InvalidOperationException("Unknown directory result."),
        };
    }

    /// <summary>
    /// Reads the suffixes in order on <paramref name="client"/> and keeps it for the next check; when the node is lost
    /// (<see cref="NodeUnreachable"/>) the session is closed and the suffixes not read yet answer the same fault.
    /// </summary>
    private async Task<(IReadOnlyList<DirectoryResult<SuffixState>> States, bool Lost)> ReadSuffixesAsync(
        NodeName node, IDirectoryClient client, IReadOnlyList<string> suffixes, DirectoryOptions settings, CancellationToken cancellationToken)
    {
        var states = new List<DirectoryResult<SuffixState>>(suffixes.Count);
        try
        {
            foreach (var suffix in suffixes)
            {
                var state = await DirectoryCalls.BoundedAsync(node, $"read {suffix}", ct => client.ReadSuffixStateAsync(suffix, ct), settings.Timeout, time, logger, cancellationToken);
                if (state is DirectoryFailed<SuffixState> { Fault: NodeUnreachable })
                {
                    client.Dispose();
                    states.AddRange(Enumerable.Repeat(state, suffixes.Count - states.Count));
                    return (states, true);
                }

                states.Add(state);
            }
        }
        catch
        {
            client.Dispose();
            throw;
        }

        _sessions.GiveBack(node, client);
        return (states, false);
    }

    private SuffixReplication Compare(string suffix, NodeName first, SuffixState a, NodeName second, SuffixState b, TimeSpan tolerance) =>
        (a, b) switch
        {
            (ContextCsnState x, ContextCsnState y) => CompareContextCsns(suffix, first, x, second, y, tolerance),
            (RuvState x, RuvState y) => CompareRuvs(suffix, first, x, second, y, tolerance, options.Value.ConvergenceTimeout),
            _ => throw new InvalidOperationException($"{first} and {second} returned different kinds of state for {suffix} ({a.GetType().Name}, {b.GetType().Name})."),
        };

    private SuffixReplication CompareContextCsns(string suffix, NodeName first, ContextCsnState a, NodeName second, ContextCsnState b, TimeSpan tolerance)
    {
        var faults = new List<DirectoryFault>();
        var latestA = ParseContextCsns(first, a, faults);
        var latestB = ParseContextCsns(second, b, faults);
        if (faults.Count > 0)
        {
            return new Broken(suffix, faults);
        }

        var lags = OriginLags.Compare(first, latestA, second, latestB, c => c.Timestamp, ContextCsn.Order, time.GetUtcNow());
        return Decide(suffix, lags, tolerance);
    }

    private SuffixReplication CompareRuvs(string suffix, NodeName first, RuvState a, NodeName second, RuvState b, TimeSpan tolerance, TimeSpan retryLimit)
    {
        var faults = new List<DirectoryFault>();
        var ruvA = ParseRuv(first, a, faults);
        var ruvB = ParseRuv(second, b, faults);
        if (ruvA is not null && ruvB is not null && !string.Equals(ruvA.Generation, ruvB.Generation, StringComparison.OrdinalIgnoreCase))
        {
            faults.Add(new GenerationMismatch(first, ruvA.Generation, second, ruvB.Generation));
        }

        var retrying = new List<RetryingAgreement>();
        CheckAgreements(first, a, faults, retrying, retryLimit);
        CheckAgreements(second, b, faults, retrying, retryLimit);
        if (faults.Count > 0)
        {
            return new Broken(suffix, [.. faults, .. retrying.Select(r => new AgreementError(r.Node, r.Agreement, r.Status))]);
        }

        if (retrying.Count > 0)
        {
            return new Retrying(suffix, retrying);
        }

        var latestA = ruvA!.LatestByReplica();
        var latestB = ruvB!.LatestByReplica();
        var lags = OriginLags.Compare(first, latestA, second, latestB, c => c.Timestamp, RuvCsn.Order, time.GetUtcNow())
            .Where(lag => !SentSince(lag, lag.Behind == second ? (a, latestA) : (b, latestB)))
            .ToList();
        return Decide(suffix, lags, tolerance);
    }

    /// <summary>
    /// A replica id the behind server holds no CSN for, although every agreement of the server ahead reports an
    /// incremental update that succeeded after that CSN: the CSN is one 389 DS / Sun ONE never replicates (made when
    /// replication was enabled or the consumer initialised), not a missing change.
    /// </summary>
    private static bool SentSince(OriginLag lag, (RuvState State, IReadOnlyDictionary<int, RuvCsn> Latest) ahead) =>
        lag.NeverSeen
        && ahead.Latest.TryGetValue(lag.OriginId, out var csn)
        && ahead.State.Agreements.Count > 0
        && ahead.State.Agreements.All(agreement => agreement.IsEnabled && agreement.Status is { Condition: AgreementCondition.Succeeded, LastUpdateEnd: { } end } && end >= csn.Timestamp);

    private static IReadOnlyDictionary<int, ContextCsn> ParseContextCsns(NodeName node, ContextCsnState state, List<DirectoryFault> faults)
    {
        var parsed = new List<ContextCsn>();
        foreach (var value in state.ContextCsns)
        {
            if (ContextCsn.TryParse(value, out var csn))
            {
                parsed.Add(csn);
            }
            else
            {
                faults.Add(new UnreadableState(node, $"contextCSN '{value}' of {state.Suffix} is not a CSN"));
            }
        }

        return ContextCsn.LatestByServer(parsed);
    }

    private static ReplicaUpdateVector? ParseRuv(NodeName node, RuvState state, List<DirectoryFault> faults)
    {
        if (state.Ruv.Count == 0)
        {
            faults.Add(new NotReplicating(node, state.Suffix, "no replica update vector (RUV tombstone) under the suffix"));
            return null;
        }

        if (!ReplicaUpdateVector.TryParse(state.Ruv, out var ruv, out var error))
        {
            faults.Add(new UnreadableState(node, error));
            return null;
        }

        return ruv;
    }

    /// <summary>
    /// One side of a suffix that could not be compared: its fault, or, when it was read, what its Sun ONE agreements
    /// say (a supplier whose peer is down reports the failing agreement there: broken with it, retrying or not).
    /// </summary>
    private List<DirectoryFault> Faults(NodeName node, DirectoryResult<SuffixState> read, DirectoryOptions settings)
    {
        var faults = new List<DirectoryFault>();
        switch (read)
        {
            case DirectoryFailed<SuffixState> failed:
                faults.Add(failed.Fault);
                break;
            case DirectoryOk<SuffixState> { Value: RuvState ruv }:
                var retrying = new List<RetryingAgreement>();
                CheckAgreements(node, ruv, faults, retrying, settings.ConvergenceTimeout);
                faults.AddRange(retrying.Select(r => new AgreementError(r.Node, r.Agreement, r.Status)));
                break;
        }

        return faults;
    }

    /// <summary>
    /// Adds each agreement's fault; an agreement retrying its consumer goes to <paramref name="retrying"/> instead, until
    /// it has been seen retrying for longer than <paramref name="retryLimit"/> (<c>Directory:ConvergenceTimeout</c>).
    /// </summary>
    private void CheckAgreements(NodeName node, RuvState state, List<DirectoryFault> faults, List<RetryingAgreement> retrying, TimeSpan retryLimit)
    {
        if (state.Agreements.Count == 0)
        {
            faults.Add(new NotReplicating(node, state.Suffix, "no replication agreement for the suffix: its changes go nowhere"));
            return;
        }

        foreach (var agreement in state.Agreements)
        {
            var status = agreement.Status;
            var name = agreement.ToString();
            if (!agreement.IsEnabled || status.Condition != AgreementCondition.Retrying)
            {
                _retries.Forget(node, state.Suffix, name);
            }

            if (!agreement.IsEnabled)
            {
                faults.Add(new NotReplicating(node, state.Suffix, $"agreement {agreement} is disabled (nsds5ReplicaEnabled: off)"));
                continue;
            }

            switch (status.Condition)
            {
                case AgreementCondition.Retrying:
                    var seen = _retries.Observe(node, state.Suffix, name, time.GetUtcNow());
                    if (seen > retryLimit)
                    {
                        faults.Add(new AgreementError(node, name, $"{status.Text}; retrying for {Durations.Format(seen)}"));
                    }
                    else
                    {
                        retrying.Add(new RetryingAgreement(node, name, status.Text, seen));
                    }

                    break;
                case AgreementCondition.TotalUpdateRequired:
                    faults.Add(new TotalUpdateRequired(node, name, status.Text));
                    break;
                case AgreementCondition.Failed:
                    faults.Add(new AgreementError(node, name, status.Text));
                    break;
                case AgreementCondition.Unknown or AgreementCondition.Idle or AgreementCondition.Succeeded or AgreementCondition.Busy:
                    break;
            }
        }
    }

    private static SuffixReplication Decide(string suffix, IReadOnlyList<OriginLag> lags, TimeSpan tolerance)
    {
        var worst = lags.MaxBy(l => l.Lag);
        return worst is null || worst.Lag <= tolerance
            ? new InSync(suffix, worst?.Lag ?? TimeSpan.Zero)
            : new Lagging(suffix, worst.Behind, worst.Lag, lags);
    }

    private void Log(SuffixReplication result)
    {
        if (result is Broken broken)
        {
            var reasons = string.Join("; ", broken.Reasons.Select(r => r.Describe()));
            LdapLog.SuffixBroken(logger, broken.Suffix, reasons);
            return;
        }

        var summary = result.Describe();
        LdapLog.SuffixChecked(logger, result.Suffix, result.State, summary);
    }
}
