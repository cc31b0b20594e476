using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace MailHa.Operations.Tests.Ldap;

/// <summary>A fake clock that says when code starts waiting on it, so tests advance time exactly when something waits.</summary>
internal sealed class SteppingClock() : FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 16, 30, 0, TimeSpan.Zero))
{
    private readonly Channel<bool> _timersCreated = Channel.CreateUnbounded<bool>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _timersCreated.Writer.TryWrite(true);
        return timer;
    }

    /// <summary>Awaits <paramref name="run"/>, advancing the clock by <paramref name="step"/> each time it waits on a timer.</summary>
    public async Task<T> DriveAsync<T>(Task<T> run, TimeSpan step, int maxSteps = 10_000)
    {
        for (var i = 0; i < maxSteps && !run.IsCompleted; i++)
        {
            var waiting = _timersCreated.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask();
            if (await Task.WhenAny(run, waiting) == run)
            {
                break;
            }

            Advance(step);
        }

        return await run;
    }
}
