namespace MailHa.Operations.Failover;

/// <summary>
/// One step of the plan. Steps are idempotent: each checks the live state first, so a re-run after
/// a crash finishes what was left without doing anything twice.
/// </summary>
public abstract class FailoverStep
{
    /// <summary>Position in the plan (1-based).</summary>
    public abstract int Order { get; }

    /// <summary>Stable id, kept in the journal (<c>fence</c>, <c>final-sync</c>...).</summary>
    public abstract string Name { get; }

    public abstract string Title { get; }

    /// <summary>The rule an operator should know: when this step stops the plan, and what overrides it.</summary>
    public abstract string Rule { get; }

    /// <summary>The commands this step would run, per node, for dry runs and approval cards.</summary>
    public abstract IReadOnlyList<PlannedCommand> Commands(FailoverContext context);

    /// <summary>What a plan should add about how this step will run given what the plan found (null: nothing).</summary>
    public virtual string? Note(FailoverContext context) => null;

    public abstract Task<StepResult> ExecuteAsync(FailoverContext context, CancellationToken cancellationToken);
}
