using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace MailHa.Bot.Tests.Slack;

/// <summary>A <see cref="FakeTimeProvider"/> that reports each timer created, so a test can await a wait and then advance past it.</summary>
public sealed class TimerSignallingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Channel<TimeSpan> timers = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        timers.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>The due time of the next timer created.</summary>
    public ValueTask<TimeSpan> NextTimerAsync(CancellationToken cancellationToken) => timers.Reader.ReadAsync(cancellationToken);
}
