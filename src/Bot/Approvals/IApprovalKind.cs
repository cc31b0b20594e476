using System.Text.Json;

namespace MailHa.Bot.Approvals;

/// <summary>
/// A kind of request a second person approves (each approved use case is one): makes a kept request approvable
/// again from its typed request, after a restart or on another instance.
/// </summary>
public interface IApprovalKind
{
    /// <summary>The <see cref="IApprovable.Verb"/> of its requests.</summary>
    string Verb { get; }

    /// <summary>The request again, or null when <paramref name="request"/> does not read as one of this kind.</summary>
    IApprovable? Restore(JsonElement request);
}
