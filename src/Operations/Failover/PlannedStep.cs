using MailHa.Operations.Topology;

namespace MailHa.Operations.Failover;

/// <summary>One step of a plan as shown in dry runs and approvals, with the commands it would run.</summary>
public sealed record PlannedStep(int Index, string Name, string Title, string Rule, IReadOnlyList<PlannedCommand> Commands)
{
    /// <summary>How this step will run given what the plan found (<see cref="FailoverStep.Note"/>), or null.</summary>
    public string? Note { get; init; }
}

/// <summary>A command a step would run, shown in dry runs and approvals (never holds a secret: secrets stay in files).</summary>
public sealed record PlannedCommand(NodeName Node, string Name, string Text);
