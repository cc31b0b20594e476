using MailHa.Bot.Approvals;
using MailHa.Bot.People;
using MailHa.Operations.Audit;
using MailHa.Operations.Failover;
using MailHa.Operations.Mirror;
using MailHa.Operations.Status;

namespace MailHa.Bot.Commands;

/// <summary>
/// The one router every channel (Slack, Teams, console) feeds: who is asking, may they, and what it
/// does. Unknown people get only <c>help</c>; operations go through two-person approval.
/// </summary>
public sealed class CommandRouter(
    PersonDirectory people,
    ApprovalService approvals,
    StatusService status,
    FailoverEngine engine,
    MirrorRunner mirror,
    MirrorControl mirrorControl,
    MirrorHistory history,
    AuditLog audit,
    DeliveryDeduplicator deliveries) : IChatRouter
{
    public async Task<ChatMessage?> HandleAsync(ChatEvent chatEvent, IChatConversation conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chatEvent);
        if (!deliveries.FirstTime($"{chatEvent.User.Platform}:{chatEvent.DeliveryId}"))
        {
            return null;
        }

        var person = people.Resolve(chatEvent.User);
        return chatEvent switch
        {
            ChatActionEvent action => await DecideAsync(person, action, cancellationToken),
            ChatCommandEvent command => await CommandAsync(person, command, conversation, cancellationToken),
            _ => null,
        };
    }

    private async Task<ChatMessage> DecideAsync(Person? person, ChatActionEvent action, CancellationToken cancellationToken)
    {
        var answer = await approvals.DecideAsync(person, action.User, action.Verb, action.RequestId, action.Card, cancellationToken);

        // Teams shows a click's answer in place of the card: a refused click keeps the card and its buttons.
        if (action.User.Platform == ChatPlatform.Teams && answer.Title == "Refused" && approvals.Find(action.RequestId) is { State: ApprovalState.Pending } pending)
        {
            return pending.Card with { Sections = [new ChatSection($"⚠ {person?.Name ?? action.User.ToString()}: {answer.Sections[0].Text}"), .. pending.Card.Sections] };
        }

        return answer;
    }

    private async Task<ChatMessage> CommandAsync(Person? person, ChatCommandEvent command, IChatConversation conversation, CancellationToken cancellationToken)
    {
        var parsed = CommandParser.Parse(command.Text);
        if (parsed.Error is not null)
        {
            return new ChatMessage($"Sorry: {parsed.Error}", [new ChatSection(CommandParser.Usage, Monospace: true)], []);
        }

        if (parsed.Verb == "help")
        {
            return new ChatMessage("MailHa commands", [new ChatSection(CommandParser.Usage, Monospace: true)], []);
        }

        var needed = Needed(parsed);
        if (person is null || !person.May(needed))
        {
            var who = person?.Name ?? $"{command.User.Platform} account {command.User.TenantId}/{command.User.UserId}";
            await audit.AppendAsync(new AuditRecord(person?.Name ?? who, command.User.Platform.ToString(), parsed.Verb, parsed.Argument ?? "", "refused", $"lacks the {needed} role"), cancellationToken);
            return ChatMessage.Text("Not allowed", person is null
                ? $"{who} is not a MailHa user. Ask an administrator to add this id under MailHa:People. Only 'help' is open to everyone."
                : $"{person.Name} does not hold the {needed} role needed for '{parsed.Verb}'.");
        }

        return parsed.Verb switch
        {
            "status" => await StatusAsync(cancellationToken),
            "approvals" => await ApprovalsAsync(cancellationToken),
            "approve" or "reject" => await approvals.DecideAsync(person, command.User, parsed.Verb, parsed.Argument!, null, cancellationToken),
            "mirror" => await MirrorAsync(person, command, parsed.Argument!, conversation, cancellationToken),
            _ when parsed.DryRun => await DryRunAsync(parsed.Verb, cancellationToken),
            _ => await approvals.RequestAsync(person, command.User, Enum.Parse<RequestKind>(parsed.Verb, ignoreCase: true), parsed.Overrides, conversation, cancellationToken),
        };
    }

    private static PersonRole Needed(ParsedCommand parsed) => parsed.Verb switch
    {
        "status" or "approvals" => PersonRole.Read,
        "approve" => PersonRole.Approve,
        "reject" => PersonRole.Read, // the approval service allows the requester or an approver
        "mirror" when parsed.Argument == "history" => PersonRole.Read,
        "mirror" => PersonRole.Request,
        _ when parsed.DryRun => PersonRole.Read,
        _ => PersonRole.Request,
    };

    private async Task<ChatMessage> StatusAsync(CancellationToken cancellationToken)
    {
        var report = await status.GetAsync(cancellationToken);
        var lines = StatusText.Lines(report).ToList();
        var pending = approvals.Pending();
        lines.Add(pending.Count == 0
            ? "Pending approvals: none"
            : "Pending approvals: " + string.Join("; ", pending.Select(p => $"{p.Id} {p.Summary} by {p.Requester.Name}, expires {p.ExpiresAt:HH:mm}Z")));
        return new ChatMessage(StatusText.Headline(report), [new ChatSection(string.Join('\n', lines), Monospace: true)], []);
    }

    private async Task<ChatMessage> ApprovalsAsync(CancellationToken cancellationToken)
    {
        var pending = approvals.Pending();
        var recent = await audit.RecentAsync(15, cancellationToken);
        var decided = recent.Where(e => e.Action is "request" or "approve" or "reject" or "expire")
            .Select(e => $"{e.At:MM-dd HH:mm}Z {e.Actor} {e.Action} {e.Subject}: {e.Outcome}");
        return new ChatMessage(
            pending.Count == 0 ? "No pending approvals" : $"{pending.Count} pending approval(s)",
            [
                .. pending.Select(p => new ChatSection($"{p.Id}: {p.Summary}, requested by {p.Requester.Name} at {p.CreatedAt:HH:mm}Z, expires {p.ExpiresAt:HH:mm}Z")),
                new ChatSection("Recent decisions:\n" + string.Join('\n', decided), Monospace: true),
            ],
            [.. pending.SelectMany(p => new[] { new ChatAction("approve", $"Approve {p.Id}", p.Id, ChatActionStyle.Primary), new ChatAction("reject", $"Reject {p.Id}", p.Id, ChatActionStyle.Danger) })]);
    }

    private async Task<ChatMessage> DryRunAsync(string verb, CancellationToken cancellationToken)
    {
        var plan = await engine.PlanAsync(Enum.Parse<OperationKind>(verb, ignoreCase: true), cancellationToken);
        return new ChatMessage(
            $"Dry run: {plan.Headline}" + (plan.Refusal is null ? "" : " (would be refused)"),
            [
                .. plan.Refusal is null ? Array.Empty<ChatSection>() : [new ChatSection($"Would be refused: {plan.Refusal}")],
                new ChatSection("What the checks find now:\n" + string.Join('\n', plan.Findings), Monospace: true),
                new ChatSection("Plan:\n" + PlanText.Steps(plan), Monospace: true),
            ],
            []);
    }

    private async Task<ChatMessage> MirrorAsync(Person person, ChatCommandEvent command, string sub, IChatConversation conversation, CancellationToken cancellationToken)
    {
        switch (sub)
        {
            case "history":
                var runs = await history.RecentAsync(10, cancellationToken);
                return new ChatMessage("Mirror history", [new ChatSection(runs.Count == 0 ? "No runs yet." : string.Join('\n', runs.Select(r => $"#{r.Id} {r.StartedAt:MM-dd HH:mm}Z {r.Describe()}")), Monospace: true)], []);
            case "run":
                var run = await mirror.RunAsync(new MirrorRequest($"chat:{person.Name}"), cancellationToken);
                await audit.AppendAsync(new AuditRecord(person.Name, command.User.Platform.ToString(), "mirror-run", "mirror", run.Verdict.ToString().ToLowerInvariant(), run.Message), cancellationToken);
                return ChatMessage.Text($"Mirror run: {run.Verdict}", run.Describe());
            case "pause":
                var paused = await mirrorControl.PauseAsync(person.Name, $"paused by {person.Name}", cancellationToken);
                await audit.AppendAsync(new AuditRecord(person.Name, command.User.Platform.ToString(), "mirror-pause", "mirror", paused.Succeeded ? "done" : "refused", paused.Describe()), cancellationToken);
                return ChatMessage.Text("Mirror", paused.Describe());
            default:
                return await approvals.RequestAsync(person, command.User, RequestKind.MirrorResume, FailoverOverrides.None, conversation, cancellationToken);
        }
    }
}
