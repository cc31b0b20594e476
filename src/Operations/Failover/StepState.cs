namespace MailHa.Operations.Failover;

public enum StepState
{
    Started,
    Done,

    /// <summary>Already done by an earlier, interrupted run of the same operation.</summary>
    Skipped,
    Failed,
}
