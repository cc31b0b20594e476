using System.Collections.Concurrent;
using MailHa.Bot.Alerts;
using MailHa.Operations.Reporting;

namespace MailHa.TestSupport.Chat;

/// <summary>
/// Every alert raised, as the alert poster reports it to its observers (the port the metrics use): what a behaviour
/// test asserts instead of the alert's words (those are pinned once, in <c>AlertTextTests</c>).
/// </summary>
public sealed class RaisedAlerts : IReportObserver<AlertRaised>
{
    private readonly ConcurrentQueue<AlertRaised> _seen = new();

    public IReadOnlyList<AlertRaised> Seen => [.. _seen];

    /// <summary>The alerts of type <typeparamref name="T"/> raised, with which post of their streak each was.</summary>
    public IReadOnlyList<(T Alert, AlertKind Kind)> Of<T>()
        where T : Alert => [.. _seen.Where(r => r.Alert is T).Select(r => ((T)r.Alert, r.Kind))];

    public Task OnReportAsync(AlertRaised report, TimeSpan took, CancellationToken cancellationToken)
    {
        _seen.Enqueue(report);
        return Task.CompletedTask;
    }
}
