using System.Text.Json;

namespace MailHa.Bot.Approvals;

/// <summary>
/// Something a second person approves: what it would do and what the checks show now (its preview, whose
/// fingerprint must still match when it runs), and the run itself once approved. A use case supplies it.
/// </summary>
public interface IApprovable
{
    /// <summary>The verb the audit trail and the cards name (<c>switchover</c>, <c>mirror-resume</c>).</summary>
    string Verb { get; }

    /// <summary>The typed request as JSON: what the journal keeps, so its <see cref="IApprovalKind"/> can make it again after a restart.</summary>
    JsonElement Request { get; }

    /// <summary>What it would do and what the checks find, as fresh as <paramref name="purpose"/> needs.</summary>
    Task<ApprovalPreview> PreviewAsync(PreviewPurpose purpose, CancellationToken cancellationToken);

    Task<ApprovedOutcome> RunAsync(ApprovedRun run, CancellationToken cancellationToken);
}
