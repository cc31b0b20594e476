using MailHa.Operations.Topology;

namespace MailHa.Operations.Failover;

/// <summary>A command a step would run, shown in dry runs and approvals (never holds a secret: secrets stay in files).</summary>
public sealed record PlannedCommand(NodeName Node, string Name, string Text);
