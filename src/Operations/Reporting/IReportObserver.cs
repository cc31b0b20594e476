namespace MailHa.Operations.Reporting;

/// <summary>
/// Told of every report of one kind as it is produced (a status, a health watch, an operation's end), with how
/// long it took: metrics and the heartbeat are fed here, never by calls sprinkled through the code. Observers
/// record and return; they must not throw.
/// </summary>
public interface IReportObserver<in TReport>
{
    Task OnReportAsync(TReport report, TimeSpan took, CancellationToken cancellationToken);
}

public static class ReportObserverExtensions
{
    /// <summary>Tells every observer, in registration order.</summary>
    public static async Task NotifyAsync<TReport>(this IEnumerable<IReportObserver<TReport>> observers, TReport report, TimeSpan took, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(observers);
        foreach (var observer in observers)
        {
            await observer.OnReportAsync(report, took, cancellationToken);
        }
    }
}
