using System.Security.Cryptography;
using System.Text;
using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.Pipeline;
using MailHa.Operations.Mirror;
using MailHa.Operations.Roles;

namespace MailHa.Bot.UseCases;

/// <summary>
/// <c>/mail mirror resume</c>: set the mirror direction to the recorded roles (active → standby) and resume it.
/// A second person approves: from then on every change on the active node is mirrored over the standby with --delete.
/// </summary>
public sealed record MirrorResumeRequest : OperatorRequest
{
    public override string Subject => "mirror";
}

public sealed class MirrorResumeUseCase(RoleStore roles, MirrorHistory history, MirrorControl control) : ApprovedUseCase<MirrorResumeRequest>
{
    public override CommandSyntax Syntax { get; } = new(["mirror", "resume"], "/mail mirror resume              set the direction to active → standby and resume (approved by another person)");

    public override Parsed Parse(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return arguments.Count == 0 ? new Request(new MirrorResumeRequest()) : Parsed.Error("mirror resume takes no arguments");
    }

    public override async Task<ApprovalPreview> PreviewAsync(MirrorResumeRequest request, CancellationToken cancellationToken)
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
            ],
            state.Active.Value);
    }

    public override async Task<ApprovedOutcome> RunAsync(MirrorResumeRequest request, ApprovedRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var resumed = await control.ResumeAsync($"{run.RequesterName} (approved by {run.ApproverNames})", cancellationToken);
        var message = resumed.Describe();
        return new ApprovedOutcome(resumed.Succeeded, message, ChatMessage.Text(message, $"Requested by {run.RequesterName}, approved by {run.ApproverNames}."), Result: new ReplyResult.MirrorControlled(resumed));
    }
}
