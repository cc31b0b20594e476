using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.People;
using MailHa.Bot.Pipeline;
using MailHa.Operations.Status;

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
        var lines = StatusText.Lines(report).ToList();
        var pending = await approvals.PendingAsync(cancellationToken);
        lines.Add(pending.Count == 0
            ? "Pending approvals: none"
            : "Pending approvals: " + string.Join("; ", pending.Select(p => $"{p.Id} {p.Summary} by {p.Requester.Name}, expires {ChatTime.Clock(p.ExpiresAt)}")));
        return ChatReply.Answered(new ChatMessage(StatusText.Headline(report), [new ChatSection(string.Join('\n', lines), Monospace: true)], []));
    }
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
