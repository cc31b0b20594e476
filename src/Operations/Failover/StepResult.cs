namespace MailHa.Operations.Failover;

/// <summary>What a step came to.</summary>
public abstract record StepResult(string Detail);

public sealed record StepDone(string Detail) : StepResult(Detail);

public sealed record StepFailed(string Detail) : StepResult(Detail);
