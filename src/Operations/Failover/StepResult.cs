namespace MailHa.Operations.Failover;

/// <summary>What a step came to.</summary>
public abstract record StepResult(string Detail);

public sealed record StepDone(string Detail) : StepResult(Detail);

/// <param name="Next">What the operator does now, when the step knows better than the plan's general advice for it.</param>
public sealed record StepFailed(string Detail, string? Next = null) : StepResult(Detail);
