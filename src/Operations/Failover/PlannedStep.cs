namespace MailHa.Operations.Failover;

public sealed record PlannedStep(int Index, string Name, string Title, string Rule, IReadOnlyList<PlannedCommand> Commands);
