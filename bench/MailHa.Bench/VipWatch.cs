using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MailHa.Bench;

/// <summary>
/// Watches the VIP from the root namespace (where users' traffic comes from in the lab): a new TCP
/// connection to VIP:25 every 20 ms, up to 50 in flight, each bounded by 1 s; the first SMTP banner
/// that names the expected host ends the watch. Bounded in time and in attempts. It also keeps the
/// last time a banner named the source: from then to the target's first is the service gap.
/// </summary>
internal static class VipWatch
{
    /// <summary>When the VIP first answered from the target, and when it last answered from the source (before that).</summary>
    internal sealed record Seen(TimeSpan? Target, TimeSpan? LastSource)
    {
        public double? GapMs => Target is { } t && LastSource is { } s ? (t - s).TotalMilliseconds : null;
    }

    private const int MaxInFlight = 50;
    private const int MaxAttempts = 10_000;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Time on <paramref name="clock"/> when the VIP first answered from <paramref name="host"/>, and last from <paramref name="source"/>.</summary>
    public static async Task<Seen> WaitForAsync(string vip, string host, string source, Stopwatch clock, TimeSpan patience, CancellationToken cancellationToken)
    {
        var lastSource = new long[] { -1 };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(patience);
        var found = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var inFlight = new List<Task>();
        var attempts = 0;
        while (!found.Task.IsCompleted && !stop.IsCancellationRequested && attempts < MaxAttempts)
        {
            inFlight.RemoveAll(t => t.IsCompleted);
            if (inFlight.Count < MaxInFlight)
            {
                attempts++;
                inFlight.Add(AttemptAsync(vip, host, source, clock, found, lastSource, stop.Token));
            }

            try
            {
                await Task.WhenAny(found.Task, Task.Delay(Interval, stop.Token));
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await stop.CancelAsync();
        await Task.WhenAll(inFlight);
        var last = Interlocked.Read(ref lastSource[0]);
        return new Seen(found.Task.IsCompletedSuccessfully ? found.Task.Result : null, last >= 0 ? TimeSpan.FromTicks(last) : null);
    }

    /// <summary>The first line the VIP's SMTP service sends, or null.</summary>
    public static async Task<string?> BannerAsync(string vip, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Parse(vip), 25, deadline.Token);
            await using var stream = client.GetStream();
            var buffer = new byte[256];
            var length = 0;
            while (length < buffer.Length && Array.IndexOf(buffer, (byte)'\n', 0, length) < 0)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(length), deadline.Token);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            return Encoding.ASCII.GetString(buffer, 0, length).Split('\n')[0].Trim();
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException)
        {
            return null;
        }
    }

    public static bool Names(string? banner, string host) =>
        banner is not null && banner.Split([' ', '.', '\t', '<', '>', '(', ')', ','], StringSplitOptions.RemoveEmptyEntries).Contains(host, StringComparer.OrdinalIgnoreCase);

    private static async Task AttemptAsync(string vip, string host, string source, Stopwatch clock, TaskCompletionSource<TimeSpan> found, long[] lastSource, CancellationToken cancellationToken)
    {
        var banner = await BannerAsync(vip, AttemptTimeout, cancellationToken);
        var at = clock.Elapsed;
        if (Names(banner, host))
        {
            found.TrySetResult(at);
        }
        else if (Names(banner, source) && !found.Task.IsCompleted)
        {
            long seen;
            do
            {
                seen = Interlocked.Read(ref lastSource[0]);
            }
            while (at.Ticks > seen && Interlocked.CompareExchange(ref lastSource[0], at.Ticks, seen) != seen);
        }
    }
}
