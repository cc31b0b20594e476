namespace MailHa.Bot.Alerts;

/// <summary>The watch's plain alerts (no proposal): a streak per problem, raised with the views that were seen.</summary>
public sealed class LivenessAlerts(AlertTracker tracker, AlertPoster poster)
{
    public async Task ObserveAsync(Alert alert, bool bad, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var kind = await tracker.ObserveAsync(alert.Streak, bad, cancellationToken);
        if (kind != AlertKind.None)
        {
            await poster.RaiseAsync(alert, kind, cancellationToken);
        }
    }
}
