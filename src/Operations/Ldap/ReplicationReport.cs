using MailHa.Operations.Reporting;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Ldap;

/// <summary>
/// The result of one replication check: per pair of nodes that serve or back up a common service (<see cref="ReplicationPair"/>),
/// one entry per replicated suffix, in configuration order.
/// </summary>
public sealed record ReplicationReport(DateTimeOffset CheckedAt, IReadOnlyList<PairReplication> Pairs)
{
    /// <summary>
    /// Every pair's suffixes, pair after pair. With one pair they read as they always did; with several each names its
    /// pair (<see cref="SuffixReplication.Between"/>), so a line says which two directories it compared.
    /// </summary>
    public IReadOnlyList<SuffixReplication> Suffixes => Pairs switch
    {
        [var only] => only.Suffixes,
        _ => [.. Pairs.SelectMany(p => p.Suffixes.Select(s => s with { Between = p.Pair }))],
    };

    /// <summary>The worst state of any suffix of any pair.</summary>
    public ReplicationState State => Pairs.Count == 0 ? ReplicationState.InSync : Pairs.Max(p => p.State);
}

/// <summary>How the directories of one <see cref="ReplicationPair"/> stand, one entry per replicated suffix.</summary>
public sealed record PairReplication(ReplicationPair Pair, IReadOnlyList<SuffixReplication> Suffixes)
{
    /// <summary>The worst state of any suffix between the two.</summary>
    public ReplicationState State => Suffixes.Count == 0 ? ReplicationState.InSync : Suffixes.Max(s => s.State);
}

/// <summary>Overall replication health, worst first wins: Broken over Retrying over Lagging over InSync.</summary>
public enum ReplicationState
{
    InSync,
    Lagging,

    /// <summary>An agreement cannot reach its consumer and retries by itself; not (yet) broken. No alert.</summary>
    Retrying,
    Broken,
}

/// <summary>How one replicated suffix stands between the two masters: <see cref="InSync"/>, <see cref="Lagging"/> or <see cref="Broken"/>.</summary>
public abstract record SuffixReplication(string Suffix)
{
    public abstract ReplicationState State { get; }

    /// <summary>The two masters compared, when the report holds several pairs (null: the report's only pair).</summary>
    public ReplicationPair? Between { get; init; }

    /// <summary>One line for reports and chat, led by the pair when <see cref="Between"/> names one.</summary>
    public string Describe() => Between is { } pair ? $"{pair} {DescribeSuffix()}" : DescribeSuffix();

    /// <summary>The suffix and how it stands.</summary>
    protected abstract string DescribeSuffix();
}

/// <summary>Both masters hold the same changes, or differ by no more than <c>LagTolerance</c>; <paramref name="Lag"/> is the largest difference seen.</summary>
public sealed record InSync(string Suffix, TimeSpan Lag) : SuffixReplication(Suffix)
{
    public override ReplicationState State => ReplicationState.InSync;

    protected override string DescribeSuffix() => Lag == TimeSpan.Zero ? $"{Suffix}: in sync" : $"{Suffix}: in sync (lag {Durations.Format(Lag)})";
}

/// <summary>
/// <paramref name="Behind"/> is missing changes the other master has, by <paramref name="By"/> of real time (the worst
/// origin); <paramref name="Origins"/> lists every origin on which the two differ.
/// </summary>
public sealed record Lagging(string Suffix, NodeName Behind, TimeSpan By, IReadOnlyList<OriginLag> Origins) : SuffixReplication(Suffix)
{
    public override ReplicationState State => ReplicationState.Lagging;

    protected override string DescribeSuffix() => $"{Suffix}: {Behind} is behind by {Durations.Format(By)}";
}

/// <summary>
/// Every fault on the suffix is an agreement that cannot reach its consumer and retries by itself (389 DS / Sun ONE
/// after a peer restart, for up to its back-off), seen for no longer than <c>Directory:ConvergenceTimeout</c>: not
/// broken yet. The same agreements still failing past that are <see cref="Broken"/>.
/// </summary>
public sealed record Retrying(string Suffix, IReadOnlyList<RetryingAgreement> Agreements) : SuffixReplication(Suffix)
{
    public override ReplicationState State => ReplicationState.Retrying;

    protected override string DescribeSuffix() => $"{Suffix}: retrying: {string.Join("; ", Agreements.Select(a => a.Describe()))}";
}

/// <summary>An agreement on <paramref name="Node"/> retrying its consumer, with the server's status text, first seen <paramref name="For"/> ago.</summary>
public sealed record RetryingAgreement(NodeName Node, string Agreement, string Status, TimeSpan For)
{
    public string Describe() => $"{Node}: agreement {Agreement} cannot reach its consumer for {Durations.Format(For)}, retrying by itself ({Status})";
}

/// <summary>Replication of the suffix cannot be confirmed or is failing; <paramref name="Reasons"/> holds at least one fault.</summary>
public sealed record Broken(string Suffix, IReadOnlyList<DirectoryFault> Reasons) : SuffixReplication(Suffix)
{
    public override ReplicationState State => ReplicationState.Broken;

    protected override string DescribeSuffix() => $"{Suffix}: broken: {string.Join("; ", Reasons.Select(r => r.Describe()))}";
}

/// <summary>
/// For changes that originated on one master (OpenLDAP server id, Sun ONE replica id): which server is
/// behind, and by how much real time. When <paramref name="NeverSeen"/> the behind server holds no change
/// from that master at all, and <paramref name="Lag"/> is how long the newest one has been waiting for it (a lower bound).
/// </summary>
public sealed record OriginLag(int OriginId, NodeName Behind, TimeSpan Lag, bool NeverSeen)
{
    public string Describe() => NeverSeen
        ? $"{Behind} has no change from origin {OriginId} (newest one waiting {Durations.Format(Lag)})"
        : $"{Behind} is {Durations.Format(Lag)} behind on origin {OriginId}";
}
