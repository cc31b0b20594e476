using MailHa.Bot.Chat;
using MailHa.Operations.Audit;
using MailHa.Operations.Journal;

namespace MailHa.Bot.Approvals;

/// <summary>
/// Runs an approved request in the background. <see cref="ApprovalService"/> hands it over only once the approval is in
/// the audit, right after the decision checked the fingerprint afresh, so the run starts on that check without planning
/// again (with a dead node in the plan every plan pays its connect timeout: once is enough). It lets the request run (it
/// reports progress in the requesting conversation), records how it ended and audits it with who requested and who
/// approved. Its final message ends with the audit chain's head after that entry, for whoever keeps it
/// (<c>mailha audit verify --head</c>).
/// </summary>
public sealed class ApprovalRunner(ApprovalStore store, AuditLog audit, IHostApplicationLifetime lifetime, ILogger<ApprovalRunner> logger)
{
    /// <summary>Starts <paramref name="pending"/>, approved and its approval audited, on the fingerprint the approval just checked.</summary>
    public void Start(PendingApproval pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        _ = Task.Run(() => RunAsync(pending, lifetime.ApplicationStopping), CancellationToken.None);
    }

    private async Task RunAsync(PendingApproval pending, CancellationToken cancellationToken)
    {
        try
        {
            await audit.AppendAsync(new ApprovedRunStarted(pending.Requester.Name, pending.Requester.Channel, pending.Approvable.Verb, pending.Id), cancellationToken);
            var outcome = await pending.Approvable.RunAsync(new ApprovedRun(pending.Id, pending.Summary, pending.Requester.Name, pending.ApproverNames, pending.Origin), cancellationToken);
            pending.State = outcome.Succeeded ? ApprovalState.Succeeded : ApprovalState.Failed;
            pending.Outcome = outcome.Summary;
            await store.SaveAsync(pending, cancellationToken);
            var ended = await audit.AppendAsync(
                new ApprovedRunEnded(pending.Requester.Name, pending.Approvable.Verb, pending.Id, outcome.Succeeded, $"approved by {pending.ApproverNames}: {outcome.Summary}"),
                cancellationToken);
            await (outcome with { Report = outcome.Report with { Sections = [.. outcome.Report.Sections, new ChatSection(ended.Head.Describe())] } }).TellAsync(pending.Origin, cancellationToken);
        }
        catch (Exception e) when (JournalAvailability.IsUnreachable(e))
        {
            // Nothing can be recorded (the outage is logged once by the journal): the run stopped at the step it could not
            // record, and once the database answers, status shows it interrupted with how to resume it.
            ApprovalLog.RunInterruptedByJournal(logger, pending.Id);
            try
            {
                await pending.Origin.PostAsync(ChatMessage.Text($"{pending.Summary}: INTERRUPTED", "The journal (PostgreSQL) became unreachable during the run, so MailHa stopped before a step it could not record. Once the database answers, 'status' shows the interrupted operation and how to resume it."), CancellationToken.None);
            }
#pragma warning disable CA1031 // The chat platform may be down too: already logged above.
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
            }
        }
#pragma warning disable CA1031 // A background run must report its failure in chat, never crash the host.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            ApprovalLog.RunFailed(logger, pending.Id, e);
            pending.State = ApprovalState.Failed;
            pending.Outcome = $"unexpected error: {e.Message}";
            await store.SaveAsync(pending, CancellationToken.None);
            await pending.Origin.PostAsync(ChatMessage.Text($"{pending.Summary}: FAILED", $"Unexpected error: {e.Message}. Check status."), CancellationToken.None);
        }
    }
}
