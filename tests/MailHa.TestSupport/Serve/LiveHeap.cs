using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;

namespace MailHa.TestSupport.Serve;

/// <summary>
/// What a running <c>mailha serve</c> keeps alive: a full blocking collection is induced from outside through the
/// runtime's diagnostics port (an EventPipe session with the runtime's <c>GCHeapCollect</c> keyword, what
/// <c>dotnet-gcdump</c> does), then <c>/metrics</c> is read until its <c>mailha_process_gc_full_collections</c> has grown
/// and its <c>mailha_process_gc_live_bytes</c> says what that collection found alive. Unlike resident memory, which a
/// server GC grows lazily with load, this does not move unless something is kept.
/// </summary>
public static class LiveHeap
{
    private const string RuntimeProvider = "Microsoft-Windows-DotNETRuntime";
    private const long GcHeapCollectKeyword = 0x800000;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Bytes alive after a full collection induced now, or null when the process exited or never collected.</summary>
    public static async Task<long?> AfterFullCollectionAsync(ServeProcess serve, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serve);
        using var http = new HttpClient { BaseAddress = serve.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var before = await ReadAsync(http, cancellationToken);
        if (before is null || serve.HasExited)
        {
            return null;
        }

        EventPipeSession session;
        try
        {
            session = new DiagnosticsClient(serve.Pid).StartEventPipeSession(
                new EventPipeProvider(RuntimeProvider, EventLevel.Informational, GcHeapCollectKeyword), requestRundown: false);
        }
        catch (DiagnosticsClientException) when (serve.HasExited)
        {
            return null;
        }
        catch (DiagnosticsClientException e)
        {
            throw new InvalidOperationException($"mailha serve ({serve.Name}, pid {serve.Pid}): its diagnostics port refused the session: {e.Message}", e);
        }

        using (session)
        {
            var clock = Stopwatch.StartNew();
            var drain = session.EventStream.CopyToAsync(Stream.Null, cancellationToken);
            try
            {
                while (clock.Elapsed < Patience)
                {
                    var now = await ReadAsync(http, cancellationToken);
                    if (now is null || serve.HasExited)
                    {
                        return null;
                    }

                    if (now.Value.FullCollections > before.Value.FullCollections)
                    {
                        return now.Value.LiveBytes;
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
                }
            }
            finally
            {
                await session.StopAsync(cancellationToken);
                await drain;
            }
        }

        throw new InvalidOperationException($"mailha serve ({serve.Name}, pid {serve.Pid}) ran no full collection within {Patience.TotalSeconds:0} s of the request");
    }

    private static async Task<(long LiveBytes, long FullCollections)?> ReadAsync(HttpClient http, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await http.GetStringAsync("metrics", cancellationToken);
        }
        catch (HttpRequestException)
        {
            return null;
        }

        return (Gauge(text, "mailha_process_gc_live_bytes"), Gauge(text, "mailha_process_gc_full_collections"));
    }

    private static long Gauge(string metrics, string name)
    {
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"/metrics has no {name}");
        return (long)double.Parse(line[(name.Length + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
