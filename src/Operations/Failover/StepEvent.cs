namespace MailHa.Operations.Failover;

/// <summary>
/// Progress of one step, emitted live (the bot edits one message) and kept in the journal. <paramref name="Result"/> is what
/// it came to: null while it runs and when it was skipped.
/// </summary>
public sealed record StepEvent(string OperationId, int Index, string Step, string Title, StepState State, StepResult? Result, TimeSpan Duration);

public enum StepState
{
    Started,
    Done,

    /// <summary>Already done by an earlier, interrupted run of the same operation.</summary>
    Skipped,
    Failed,
}
