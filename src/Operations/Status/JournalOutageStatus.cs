using MailHa.Operations.Journal;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Status;

/// <summary>
/// Status gathered while the journal was unreachable: the outage, and where the roles shown come from. The parts only
/// the journal knows (last mirror runs, the running or interrupted operation) are left out, not guessed.
/// </summary>
public sealed record JournalOutageStatus(JournalUnreachable Outage, RolesSource Roles)
{
    public string Describe() => $"JOURNAL UNREACHABLE: {Outage.Describe()}. Roles {Roles.Describe()}; mirror runs and operations are not shown. "
        + "Operations, approvals and mirror control are refused until it answers again.";
}

/// <summary>Where the roles in a status come from while the journal is unreachable.</summary>
public abstract record RolesSource
{
    private RolesSource()
    {
    }

    public abstract string Describe();

    /// <summary>What this instance last read from the journal, at <paramref name="ReadAt"/>.</summary>
    public sealed record LastKnown(DateTimeOffset ReadAt) : RolesSource
    {
        public override string Describe() => $"as last read from the journal at {ReadAt:HH:mm:ss}Z";
    }

    /// <summary>A node's own state file (the newest generation among the nodes that answered).</summary>
    public sealed record StateFile(NodeName Node) : RolesSource
    {
        public override string Describe() => $"from {Node}'s state file";
    }

    /// <summary>Neither: the configured home and backup (this instance never read the journal, and no node's file could be read).</summary>
    public sealed record Configuration : RolesSource
    {
        public override string Describe() => "from the configuration (no journal read yet and no node's state file readable)";
    }
}
