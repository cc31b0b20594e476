using System.Collections.Concurrent;
using MailHa.Bot.Chat;
using MailHa.Bot.Pipeline;
using MailHa.Operations.Reporting;

namespace MailHa.TestSupport.Chat;

/// <summary>
/// How each chat request ended, as the pipeline reports it to its observers (the port the metrics use): what a
/// behaviour test asserts instead of the reply's words.
/// </summary>
public sealed class ChatOutcomes : IReportObserver<ChatRequestHandled>
{
    private readonly ConcurrentQueue<ChatRequestHandled> _seen = new();

    public IReadOnlyList<ReplyOutcome> Seen => [.. _seen.Select(r => r.Outcome)];

    /// <summary>How the latest request ended.</summary>
    public ReplyOutcome Last => _seen.Last().Outcome;

    public Task OnReportAsync(ChatRequestHandled report, TimeSpan took, CancellationToken cancellationToken)
    {
        _seen.Enqueue(report);
        return Task.CompletedTask;
    }
}
