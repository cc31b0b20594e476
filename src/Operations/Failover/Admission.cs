namespace MailHa.Operations.Failover;

/// <summary>Whether an approved request may run now (<see cref="OperationAdmission"/>).</summary>
public abstract record Admission;

/// <summary>
/// It runs: <paramref name="Operation"/> (new, or the interrupted one it resumes), its service's lease held (and the
/// target's room reserved) until <paramref name="Lease"/> is disposed.
/// </summary>
public sealed record Admitted(OperationRecord Operation, DateTimeOffset StartedAt, ServiceLease.Held Lease) : Admission;

/// <summary>It does not run: nothing was changed, and <paramref name="Report"/> says why.</summary>
public sealed record NotAdmitted(FailoverReport Report) : Admission;
