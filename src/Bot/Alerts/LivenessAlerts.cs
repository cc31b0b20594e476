using MailHa.Bot.Chat;
using MailHa.Bot.Paging;
using MailHa.Operations.Liveness;

namespace MailHa.Bot.Alerts;

/// <summary>The watch's plain alerts (no proposal): a streak per problem, posted and paged with the views that were seen.</summary>
public sealed class LivenessAlerts(AlertTracker tracker, AlertPoster poster, Pager pager, ILogger<LivenessAlerts> logger)
{
    public async Task ObserveAsync(
        string problem,
        LivenessVerdict verdict,
        Func<LivenessVerdict, bool> isBad,
        string source,
        Func<LivenessSample, string> alertTitle,
        Func<LivenessSample, string> alertText,
        Func<LivenessSample, string> recoveryTitle,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(isBad);
        ArgumentNullException.ThrowIfNull(alertTitle);
        ArgumentNullException.ThrowIfNull(alertText);
        ArgumentNullException.ThrowIfNull(recoveryTitle);
        var kind = await tracker.ObserveAsync(problem, isBad(verdict), cancellationToken);
        if (kind == AlertKind.None)
        {
            return;
        }

        var sample = verdict.Sample;
        var views = string.Join('\n', sample.Views.Select(v => v.Describe()));
        var text = alertText(sample);
        var message = kind == AlertKind.Recovery
            ? ChatMessage.Text(recoveryTitle(sample), verdict.Describe())
            : new ChatMessage(kind == AlertKind.Reminder ? $"⏰ Still: {alertTitle(sample)}" : alertTitle(sample), [new(text), new(views, Monospace: true)], []);
        AlertLog.Raised(logger, kind, problem, message.Title);
        await poster.PostAsync(message, cancellationToken);
        pager.Page(kind, problem, source, $"{message.Title}: {text}", views);
    }
}
