using Microsoft.Extensions.Options;

namespace MailHa.Bot.Alerts;

/// <summary>
/// Per-problem streaks: one alert when a problem starts, a reminder every <c>ReminderInterval</c>
/// while it lasts, one recovery when it ends. Nothing while healthy.
/// </summary>
public sealed class AlertTracker(IOptions<AlertOptions> options, TimeProvider time)
{
    private readonly Dictionary<string, DateTimeOffset> _lastAlert = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public Task<AlertKind> ObserveAsync(string problem, bool bad, CancellationToken cancellationToken)
    {
        return Task.FromResult(Observe(problem, bad));
    }

    private AlertKind Observe(string problem, bool bad)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var inStreak = _lastAlert.TryGetValue(problem, out var last);
            if (!bad)
            {
                return inStreak && _lastAlert.Remove(problem) ? AlertKind.Recovery : AlertKind.None;
            }

            if (!inStreak)
            {
                _lastAlert[problem] = now;
                return AlertKind.Alert;
            }

            if (now - last >= options.Value.ReminderInterval)
            {
                _lastAlert[problem] = now;
                return AlertKind.Reminder;
            }

            return AlertKind.None;
        }
    }
}
