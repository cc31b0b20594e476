using MailHa.Operations.Reporting;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Ldap;

/// <summary>
/// Why a directory call or a replication check could not give a good answer. Expected outcomes, handled
/// with <c>switch</c>; exceptions are kept for bugs, cancellation and bad configuration.
/// </summary>
public abstract record DirectoryFault
{
    /// <summary>One line for reports and chat. Never contains a secret.</summary>
    public abstract string Describe();
}

/// <summary>The node's directory server could not be reached, or did not answer in time.</summary>
public sealed record NodeUnreachable(NodeName Node, string Reason) : DirectoryFault
{
    public override string Describe() => $"{Node}: directory unreachable ({Reason})";
}

/// <summary>The server answered but refused our bind (invalid credentials), or our bind password could not be read.</summary>
public sealed record BindRefused(NodeName Node, string Reason) : DirectoryFault
{
    public override string Describe() => $"{Node}: bind refused ({Reason})";
}

/// <summary>The server holds no entry at <paramref name="Dn"/> and no ancestor of it: the suffix is not there (LDAP 32).</summary>
public sealed record SuffixMissing(NodeName Node, string Dn) : DirectoryFault
{
    public override string Describe() => $"{Node}: no such suffix or entry '{Dn}'";
}

/// <summary>The server answered an operation with an error other than the ones we name (e.g. 50 insufficient access, 53 unwilling to perform).</summary>
public sealed record DirectoryRefused(NodeName Node, string Operation, int ResultCode, string Reason) : DirectoryFault
{
    public override string Describe() => $"{Node}: {Operation} refused (LDAP {ResultCode}: {Reason})";
}

/// <summary>The configured canary DN names an entry that is not a MailHa canary; the probe refuses to write to it.</summary>
public sealed record NotACanary(NodeName Node, string Dn, string Reason) : DirectoryFault
{
    public override string Describe() => $"{Node}: '{Dn}' is not a MailHa canary ({Reason}); refusing to modify it";
}

/// <summary>A change written on <paramref name="From"/> did not appear on <paramref name="To"/> within <paramref name="After"/>.</summary>
public sealed record NotConverging(NodeName From, NodeName To, TimeSpan After) : DirectoryFault
{
    public override string Describe() => $"a change on {From} did not reach {To} within {Durations.Format(After)}";
}

/// <summary>A suffix configured as replicated is not set up for replication on this node (no RUV, no agreement).</summary>
public sealed record NotReplicating(NodeName Node, string Suffix, string Detail) : DirectoryFault
{
    public override string Describe() => $"{Node}: {Suffix} is not replicating ({Detail})";
}

/// <summary>An agreement on <paramref name="Node"/> reports a failed last update, with the server's status text.</summary>
public sealed record AgreementError(NodeName Node, string Agreement, string Status) : DirectoryFault
{
    public override string Describe() => $"{Node}: agreement {Agreement} failing ({Status})";
}

/// <summary>An agreement on <paramref name="Node"/> reports that its consumer needs a total update (re-initialisation).</summary>
public sealed record TotalUpdateRequired(NodeName Node, string Agreement, string Status) : DirectoryFault
{
    public override string Describe() => $"{Node}: agreement {Agreement} needs a total update ({Status})";
}

/// <summary>
/// The two masters' replica generations differ: they do not hold the same data set, and one must be
/// re-initialised (total update) from the other before replication can work.
/// </summary>
public sealed record GenerationMismatch(NodeName First, string FirstGeneration, NodeName Second, string SecondGeneration) : DirectoryFault
{
    public override string Describe() =>
        $"replica generation differs ({First} {FirstGeneration}, {Second} {SecondGeneration}): a total update is required";
}

/// <summary>The server returned replication state we cannot parse (a malformed contextCSN or RUV value).</summary>
public sealed record UnreadableState(NodeName Node, string Detail) : DirectoryFault
{
    public override string Describe() => $"{Node}: unreadable replication state ({Detail})";
}
