using System.Security.Cryptography;
using System.Text;
using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.Pipeline;
using MailHa.Operations.Mirror;
using MailHa.Operations.Topology;
using MailHa.Operations.Roles;

namespace MailHa.Bot.UseCases;

/// <summary>
/// <c>/mail mirror resume</c>: set the mirror direction to the recorded roles (active → standby) and resume it.
/// A second person approves: from then on every change on the active node is mirrored over the standby with --delete.
/// </summary>
public sealed record MirrorResumeRequest(ServiceName? Service = null) : OperatorRequest
{
    public override string Subject => Service is { } service ? $"mirror {service}" : "mirror";
}

public sealed class MirrorResumeUseCase(RoleStore roles, MirrorHistory history, MirrorControl control, MailTopology topology) : ApprovedUseCase<MirrorResumeRequest>
{
    public override CommandSyntax Syntax { get; } = new(["mirror", "resume"], "/mail mirror resume [SERVICE]    set the direction to active → standby and resume (approved by another person)");

    public override Parsed Parse(IReadOnlyList<string> arguments) => ServiceArgument.Only(topology, arguments, "mirror resume", s => new MirrorResumeRequest(s));

    public override async Task<ApprovalPreview> PreviewAsync(MirrorResumeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (service, failure) = ServiceArgument.Resolve(topology, request.Service);
        if (service is null)
        {
            return new ApprovalPreview("Resume the mirror", new ServiceUnavailable(failure!), "", [new(failure!.Describe())], "");
        }

        var state = await roles.GetAsync(service, cancellationToken);
        var last = await history.LastAsync(service.Name, cancellationToken);
        RequestRefusal? refusal = state.MirrorPaused ? null : new MirrorAlreadyRuns(state.Active, state.Standby);
        var facts = $"{state.Generation}|{state.Active}|{state.MirrorPaused}";
        return new ApprovalPreview(
            topology.Services.Count == 1
                ? $"Set the mirror direction {state.Active} → {state.Standby} and resume it"
                : $"Set {service.Name}'s mirror direction {state.Active} → {state.Standby} and resume it",
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
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(run);
        var (service, failure) = ServiceArgument.Resolve(topology, request.Service);
        if (service is null)
        {
            return new ApprovedOutcome(false, failure!.Describe(), ChatMessage.Text("Mirror", failure.Describe()));
        }

        var resumed = await control.ResumeAsync(service, $"{run.RequesterName} (approved by {run.ApproverNames})", cancellationToken);
        var message = resumed.Describe();
        return new ApprovedOutcome(resumed.Succeeded, message, ChatMessage.Text(message, $"Requested by {run.RequesterName}, approved by {run.ApproverNames}."), Result: new ReplyResult.MirrorControlled(resumed));
    }
}
