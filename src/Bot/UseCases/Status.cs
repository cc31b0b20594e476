using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.People;
using MailHa.Bot.Pipeline;
using MailHa.Operations.Journal;
using MailHa.Operations.Ldap;
using MailHa.Operations.Mirror;
using MailHa.Operations.Status;
using MailHa.Operations.Vip;

namespace MailHa.Bot.UseCases;

/// <summary><c>/mail status</c>: who holds the VIP, both nodes, the mirror, replication, the running operation and pending approvals.</summary>
public sealed record StatusRequest : OperatorRequest
{
    public override string Subject => "";
}

public sealed class StatusUseCase(SharedStatus status, ApprovalService approvals) : UseCase<StatusRequest>
{
    public override CommandSyntax Syntax { get; } = new(["status"], "/mail status                     who holds the VIP, both nodes, mirror, directory, running operation");

    public override PersonRole? Role => PersonRole.Read;

    public override ChatWork Work => ChatWork.Reads;

    public override Parsed Parse(IReadOnlyList<string> arguments) => NoArguments(arguments, new StatusRequest());

    public override async Task<ChatReply> HandleAsync(StatusRequest request, UseCaseContext context, CancellationToken cancellationToken)
    {
        var report = await status.GetAsync(cancellationToken);
        var pending = await JournalAvailability.OrNullAsync(approvals.PendingAsync(cancellationToken));
        var approvalsLine = pending switch
        {
            null => "Pending approvals: unknown (the journal is unreachable; they are kept there)",
            [] => "Pending approvals: none",
            _ => "Pending approvals: " + string.Join("; ", pending.Select(p => $"{p.Id} {p.Summary} by {p.Requester.Name}, expires {ChatTime.Clock(p.ExpiresAt)}")),
        };
        return new ChatReply(Card(report, approvalsLine), ReplyOutcome.Answered, Result: new ReplyResult.StatusRead(report));
    }

    /// <summary>
    /// Status read at a glance: a headline whose state shows without reading (healthy, degraded, MAIL DOWN, SPLIT BRAIN),
    /// one line per node, the mirror's direction and age, replication per suffix, and the full text one click away.
    /// With several services the state is the worst service's and the headline names each service's verdict, worst
    /// first; a line per service (who serves it, its mirror) leads, and each node's line says what it runs.
    /// </summary>
    public static ChatMessage Card(StatusReport report, string approvalsLine)
    {
        ArgumentNullException.ThrowIfNull(report);
        var several = report.Services.Count > 1;
        var problems = Problems(report).ToList();
        var state = State(StatusText.Worst(report), problems.Count > 0);
        var replication = report.Replication is { } r
            ? "Replication: " + string.Join("; ", r.Suffixes.Select(s => s.Describe()))
            : "Replication: unknown";
        return new ChatMessage(
            $"{state}: {StatusText.Headline(report)}",
            [
                .. problems.Count == 0 ? Array.Empty<ChatSection>() : [new ChatSection("Needs attention: " + string.Join("; ", problems))],
                .. several ? report.Services.Select(s => new ChatSection(s.Describe())) : [],
                .. report.Nodes.Select(n => new ChatSection($"{n.Node} ({n.Role}): {(n.Reachable ? "SSH ok" : "SSH UNREACHABLE")} · {Service(n.Service)}" + (several ? $" · {StatusText.Runs(n)}" : ""))),
                .. Mirror(report, several) is { } mirror ? [new ChatSection(mirror)] : Array.Empty<ChatSection>(),
                new ChatSection(replication),
                new ChatSection(report.RunningOperation is { } lease ? $"Running: {lease.Describe()}" : report.Journal is null ? "Running: nothing" : "Running: unknown (journal unreachable)"),
                new ChatSection(approvalsLine),
                new ChatSection(StatusText.Format(report).TrimEnd() + "\n" + approvalsLine, Monospace: true, Behind: "Full status"),
            ],
            []);
    }

    /// <summary>The card's state word: split brain and down as they are, anything needing attention degraded.</summary>
    private static string State(ServiceHealth worst, bool needsAttention) => worst switch
    {
        ServiceHealth.SplitBrain => "🚨 SPLIT BRAIN",
        ServiceHealth.Down => "🚨 MAIL DOWN",
        ServiceHealth.Degraded => "⚠ Degraded",
        _ when needsAttention => "⚠ Degraded",
        _ => "✅ Healthy",
    };

    /// <summary>
    /// The mirror's line: the one pair's direction and age; with several services those are on each service's line,
    /// and only a continuous mirror's stream (which one service has) is left to say.
    /// </summary>
    private static string? Mirror(StatusReport report, bool several)
    {
        var m = report.Mirror;
        var stream = m.Stream is { } s ? $"continuous {(s.Streaming ? "streaming" : "NOT streaming")}, mirror {s.DescribeLag(report.At)}" : null;
        if (several)
        {
            return stream is null ? null : $"Mirror of {report.Roles.Service}: {stream}";
        }

        return m.Paused
            ? $"Mirror: PAUSED (direction to set: {m.Source} → {m.Target})"
            : $"Mirror: {m.Source} → {m.Target}, last good copy {(m.LastGood is null ? "never" : $"{ChatTime.Ago(m.LastGood.StartedAt, report.At)} ({ChatTime.Full(m.LastGood.StartedAt)})")}"
              + (stream is null ? "" : $", {stream}");
    }

    private static IEnumerable<string> Problems(StatusReport report)
    {
        if (report.Journal is { } journal)
        {
            yield return journal.Describe();
        }

        foreach (var node in report.Nodes.Where(n => !n.Reachable))
        {
            yield return $"{node.Node} unreachable";
        }

        foreach (var node in report.Nodes.Where(n => n.Service is Silent))
        {
            yield return $"{node.Node}'s mail is silent";
        }

        if (report.Services.Count > 1)
        {
            foreach (var problem in report.Services.SelectMany(s => ServiceProblems(s, report.Journal is null)))
            {
                yield return problem;
            }
        }
        else if (report.Mirror.Paused)
        {
            yield return "mirror paused";
        }
        else if (report.Mirror.LastRun is { IsGood: false })
        {
            yield return "last mirror run failed";
        }

        if (report.Replication is { State: not ReplicationState.InSync } replication)
        {
            yield return $"replication {replication.State.ToString().ToLowerInvariant()}";
        }

        if (report.Mirror.Interrupted is { } mirror)
        {
            yield return $"{mirror.Describe()}; {InterruptedMirror.Resume}";
        }

        if (report.Interrupted is { } interrupted)
        {
            yield return $"{interrupted.Describe()}; to resume: {interrupted.Resume}";
        }

        foreach (var unknown in report.Unknown)
        {
            yield return $"unknown: {unknown}";
        }
    }

    /// <summary>Why one of several services is not healthy (its VIP's trouble is in the headline already).</summary>
    private static IEnumerable<string> ServiceProblems(ServiceStatus service, bool journalAnswered)
    {
        if (service.NoStandby is { } noStandby)
        {
            yield return noStandby;
        }

        if (service.Roles.MirrorPaused)
        {
            yield return $"{service.Service} mirror paused";
        }
        else if (service.LastRun is { IsGood: false })
        {
            yield return $"{service.Service} last mirror run failed";
        }
        else if (service.LastGood is null && journalAnswered)
        {
            yield return $"{service.Service} has no good mirror copy yet";
        }
    }

    private static string Service(ServiceAnswer answer) => answer switch
    {
        Answered => "mail answers",
        Silent s => $"mail SILENT ({s.Reason})",
        _ => "mail unknown",
    };
}

/// <summary>
/// One status gather shared by everyone who asks at the same time, and its result reused while it is a few seconds
/// old: fifty people typing <c>/mail status</c> during an incident cost the nodes one gather.
/// </summary>
public sealed class SharedStatus(StatusService status, TimeProvider time)
{
    /// <summary>How long a gathered status is answered again without asking the nodes.</summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private Task<StatusReport>? _inFlight;
    private (StatusReport Report, DateTimeOffset At)? _last;

    public Task<StatusReport> GetAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_last is { } last && time.GetUtcNow() - last.At < FreshFor)
            {
                return Task.FromResult(last.Report);
            }

            // The gather belongs to all who wait for it: one asker giving up does not cancel it for the others.
            _inFlight = _inFlight is { IsCompleted: false } running ? running : Task.Run(GatherAsync, CancellationToken.None);
            return _inFlight.WaitAsync(cancellationToken);
        }
    }

    private async Task<StatusReport> GatherAsync()
    {
        var report = await status.GetAsync(CancellationToken.None);
        lock (_lock)
        {
            _last = (report, time.GetUtcNow());
        }

        return report;
    }
}
