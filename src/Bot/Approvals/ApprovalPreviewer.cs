using System.Security.Cryptography;
using System.Text;
using MailHa.Bot.Commands;
using MailHa.Operations.Failover;
using MailHa.Operations.Mirror;
using MailHa.Operations.Roles;

namespace MailHa.Bot.Approvals;

/// <summary>Builds the preview a card shows (the dry-run plan and current checks) and its fingerprint.</summary>
public sealed class ApprovalPreviewer(FailoverEngine engine, RoleStore roles, MirrorHistory history)
{
    public async Task<ApprovalPreview> PreviewAsync(RequestKind kind, FailoverOverrides overrides, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        if (kind == RequestKind.MirrorResume)
        {
            var state = await roles.GetAsync(cancellationToken);
            var last = await history.LastAsync(cancellationToken);
            var refusal = state.MirrorPaused ? null : $"the mirror already runs {state.Active} → {state.Standby}";
            var facts = $"{state.Generation}|{state.Active}|{state.MirrorPaused}";
            return new ApprovalPreview(
                $"Set the mirror direction {state.Active} → {state.Standby} and resume it",
                refusal,
                Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(facts)))[..16],
                [
                    new($"Roles now: {state.Describe()}"),
                    new($"From then on, every {state.Active} store change is mirrored onto {state.Standby} with --delete: make sure {state.Active} holds the good store."),
                    new($"Last mirror run: {last?.Describe() ?? "never"}"),
                ]);
        }

        var plan = await engine.PlanAsync(ToOperation(kind), cancellationToken);
        var sections = new List<ChatSection>
        {
            new("What the checks find now:\n" + string.Join('\n', plan.Findings), Monospace: true),
            new("Plan:\n" + PlanText.Steps(plan), Monospace: true),
        };
        if (overrides != FailoverOverrides.None)
        {
            sections.Insert(0, new ChatSection($"Approving also accepts: {overrides}."));
        }

        return new ApprovalPreview(plan.Headline, plan.Refusal, plan.Fingerprint, sections);
    }

    public static OperationKind ToOperation(RequestKind kind) => kind switch
    {
        RequestKind.Failover => OperationKind.Failover,
        RequestKind.Switchover => OperationKind.Switchover,
        RequestKind.Failback => OperationKind.Failback,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a VIP operation"),
    };
}
