using System.Text.Json.Serialization;
using MailHa.Bot.Approvals;

namespace MailHa.Bot.Alerts;

/// <summary>
/// Where the failover request made for one service of a proposal stands (pending, approved and running, done, failed,
/// or ended without a change), as a value kept with the proposal; <see cref="Describe"/> is the card's status line.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "case")]
[JsonDerivedType(typeof(FailoverAwaitingApproval), "awaitingApproval")]
[JsonDerivedType(typeof(FailoverRunning), "running")]
[JsonDerivedType(typeof(FailoverDone), "done")]
[JsonDerivedType(typeof(FailoverFailed), "failed")]
[JsonDerivedType(typeof(FailoverRequestEnded), "ended")]
[JsonDerivedType(typeof(FailoverStatusAsWorded), "asWorded")]
public abstract record FailoverRequestStatus
{
    public abstract string Describe();

    /// <summary>The approvers as the card names them.</summary>
    private protected static string Names(IReadOnlyList<string> approvers) => approvers.Count == 0 ? "nobody" : string.Join(", ", approvers);
}

/// <summary><paramref name="Requester"/> requested it as <paramref name="RequestId"/>; another approver must still approve it.</summary>
public sealed record FailoverAwaitingApproval(string RequestId, string Requester) : FailoverRequestStatus
{
    public override string Describe() => $"Failover requested by {Requester} as {RequestId}: waiting for another approver.";
}

/// <summary>Approved by <paramref name="Approvers"/>: the failover runs.</summary>
public sealed record FailoverRunning(string RequestId, string Requester, IReadOnlyList<string> Approvers) : FailoverRequestStatus
{
    public override string Describe() => $"Failover {RequestId} requested by {Requester}, approved by {Names(Approvers)}: running.";
}

/// <summary>Approved by <paramref name="Approvers"/>: the failover is done.</summary>
public sealed record FailoverDone(string RequestId, string Requester, IReadOnlyList<string> Approvers) : FailoverRequestStatus
{
    public override string Describe() => $"Failover {RequestId} requested by {Requester}, approved by {Names(Approvers)}: done.";
}

/// <summary>Approved by <paramref name="Approvers"/>: the failover failed (its progress message says how).</summary>
public sealed record FailoverFailed(string RequestId, string Requester, IReadOnlyList<string> Approvers) : FailoverRequestStatus
{
    public override string Describe() => $"Failover {RequestId} requested by {Requester}, approved by {Names(Approvers)}: FAILED (see its progress message).";
}

/// <summary>
/// The request ended without running (<paramref name="State"/>: rejected, expired or void; null: it is gone): nothing was
/// changed, and the decision is back with the team.
/// </summary>
public sealed record FailoverRequestEnded(string RequestId, ApprovalState? State) : FailoverRequestStatus
{
    public override string Describe() => $"Request {RequestId} ended ({State?.ToString().ToLowerInvariant() ?? "gone"}); nothing was changed.";
}

/// <summary>
/// The status line as a proposal kept before it was a value said it (<see cref="AlertCards.Format"/> 1, read by
/// <see cref="OutageFormat1"/>): shown as it was until the request's next change replaces it, never read for meaning.
/// </summary>
public sealed record FailoverStatusAsWorded(string Text) : FailoverRequestStatus
{
    public override string Describe() => Text;
}
