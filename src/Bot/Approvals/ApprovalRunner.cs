using MailHa.Bot.Commands;
using MailHa.Operations.Audit;
using MailHa.Operations.Failover;
using MailHa.Operations.Mirror;

namespace MailHa.Bot.Approvals;

/// <summary>
/// Runs an approved request in the background: re-checks the fingerprint just before running, then
/// posts ONE progress message in the requesting conversation and edits it step by step (✅/❌ and
/// durations); the final text names who requested and who approved.
/// </summary>
public sealed class ApprovalRunner(
    IServiceProvider services,
    FailoverEngine engine,
    MirrorControl mirror,
    AuditLog audit,
    IHostApplicationLifetime lifetime,
    ILogger<ApprovalRunner> logger)
{
    private Task _last = Task.CompletedTask;

    /// <summary>The most recently started run (tests await it).</summary>
    public Task Last => _last;

    public void Start(PendingApproval pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        _last = Task.Run(() => RunAsync(pending, lifetime.ApplicationStopping), CancellationToken.None);
    }

    private async Task RunAsync(PendingApproval pending, CancellationToken cancellationToken)
    {
        try
        {
            var previewer = services.GetRequiredService<ApprovalPreviewer>();
            var now = await previewer.PreviewAsync(pending.Kind, pending.Overrides, cancellationToken);
            if (now.Fingerprint != pending.Fingerprint || now.Refusal is not null)
            {
                pending.State = ApprovalState.Voided;
                pending.Outcome = $"Approval void: the situation changed between approval and start ({now.Refusal ?? "plan/checks differ"}). Nothing was changed.";
                await audit.AppendAsync(new AuditRecord("system", "mailha", "run", pending.Id, "voided", pending.Outcome), cancellationToken);
                await pending.Origin.PostAsync(ChatMessage.Text($"{pending.Summary}: not started", pending.Outcome), cancellationToken);
                return;
            }

            if (pending.Kind == RequestKind.MirrorResume)
            {
                var resumed = await mirror.ResumeAsync($"{pending.Requester.Name} (approved by {pending.ApproverNames})", cancellationToken);
                var message = resumed.Describe();
                pending.State = resumed.Succeeded ? ApprovalState.Succeeded : ApprovalState.Failed;
                pending.Outcome = message;
                await audit.AppendAsync(new AuditRecord(pending.Requester.Name, "mailha", "mirror-resume", pending.Id, pending.State.ToString().ToLowerInvariant(), message), cancellationToken);
                await pending.Origin.PostAsync(ChatMessage.Text(message, $"Requested by {pending.Requester.Name}, approved by {pending.ApproverNames}."), cancellationToken);
                return;
            }

            await RunOperationAsync(pending, cancellationToken);
        }
#pragma warning disable CA1031 // A background run must report its failure in chat, never crash the host.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            ApprovalLog.RunFailed(logger, pending.Id, e);
            pending.State = ApprovalState.Failed;
            pending.Outcome = $"unexpected error: {e.Message}";
            await pending.Origin.PostAsync(ChatMessage.Text($"{pending.Summary}: FAILED", $"Unexpected error: {e.Message}. Check status."), CancellationToken.None);
        }
    }

    private async Task RunOperationAsync(PendingApproval pending, CancellationToken cancellationToken)
    {
        var kind = ApprovalPreviewer.ToOperation(pending.Kind);
        var steps = new SortedDictionary<int, StepEvent>();
        var title = $"{pending.Summary}: running";
        var header = $"Requested by {pending.Requester.Name}, approved by {pending.ApproverNames} ({pending.Id}).";
        var progress = await pending.Origin.PostAsync(Render(title, header, steps.Values), cancellationToken);
        var request = new FailoverRequest(kind, pending.Requester.Name, pending.ApproverNames, pending.Overrides);
        var report = await engine.RunAsync(
            request,
            async (step, ct) =>
            {
                steps[step.Index] = step;
                await pending.Origin.UpdateAsync(progress, Render(title, header, steps.Values), ct);
            },
            cancellationToken);

        pending.State = report.Outcome == FailoverOutcome.Succeeded ? ApprovalState.Succeeded : ApprovalState.Failed;
        pending.Outcome = report.Message;
        var final = Render(
            $"{pending.Summary}: {report.Outcome.ToString().ToUpperInvariant()}",
            header,
            report.Steps,
            new ChatSection(report.Message),
            new ChatSection($"Now: {report.SystemState}"),
            new ChatSection($"Next: {report.NextSteps}"));
        await pending.Origin.UpdateAsync(progress, final, cancellationToken);
    }

    private static ChatMessage Render(string title, string header, IEnumerable<StepEvent> steps, params ChatSection[] tail)
    {
        var lines = steps.Select(s => $"{PlanText.Mark(s.State)} {s.Index}. {s.Title}" + (s.State == StepState.Started ? "…" : $" ({s.Duration.TotalSeconds:0.0}s): {s.Detail}"));
        return new ChatMessage(title, [new(header), new(string.Join('\n', lines)), .. tail], []);
    }
}
