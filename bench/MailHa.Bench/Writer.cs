using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MailHa.Bench;

/// <summary>What a writer did: messages stored, attempts deferred because its host did not hold the VIP.</summary>
internal sealed record WriterResult(int Written, int Deferred, double ElapsedMs)
{
    public double RatePerSecond => ElapsedMs > 0 ? (Written + Deferred) / (ElapsedMs / 1000) : 0;
}

/// <summary>
/// Delivers mail into one host's store at a steady rate, from a loop inside that host (lab exec): one
/// message file every 50 ms, but only while the host holds the VIP (like an MTA answering on the VIP:
/// once the VIP is gone, senders are deferred and retry at the new holder, so that is not a loss).
/// Stops on a stop file, after <see cref="MaxSeconds"/> or <see cref="MaxMessages"/> attempts.
/// </summary>
internal sealed partial class Writer : IDisposable
{
    public const int MaxSeconds = 120;
    public const int RatePerSecond = 20;
    public const int MaxMessages = MaxSeconds * RatePerSecond;

    private const string Script = """
        dir=$1; stop=$2; vip=$3; period=$4; max=$5; maxsec=$6
        mkdir -p "$dir"
        n=0; deferred=0; i=0
        start=${EPOCHREALTIME/./}
        while [ ! -e "$stop" ] && [ $i -lt $max ] && [ $SECONDS -lt $maxsec ]; do
          if ip -o -4 addr show dev eth0 | grep -q " inet $vip/"; then
            printf 'From: writer@bench.lab\nTo: user01@mail.lab\nSubject: bench %s %d\n\nbenchmark message %d\n' "$dir" $n $n >"$dir/$(printf %06d $n).msg"
            n=$((n+1))
          else
            deferred=$((deferred+1))
          fi
          i=$((i+1))
          now=${EPOCHREALTIME/./}
          wait=$((start + i*period - now))
          if [ $wait -gt 0 ] && [ $wait -lt 1000000 ]; then sleep "0.$(printf %06d $wait)"; fi
        done
        end=${EPOCHREALTIME/./}
        echo "written=$n deferred=$deferred elapsed_us=$((end-start))"
        """;

    private readonly Process _process;
    private readonly string _stopFile;

    private Writer(Process process, string stopFile, string host, string directory)
    {
        _process = process;
        _stopFile = stopFile;
        Host = host;
        Directory = directory;
    }

    public string Host { get; }

    /// <summary>The writer's folder inside the store (a path under /srv).</summary>
    public string Directory { get; }

    public static Writer Start(Lab lab, string host, string runId)
    {
        var directory = $"{lab.StorePath}/bench-writer/{runId}";
        var stop = $"/srv/state/bench-writer-{runId}.stop";
        File.Delete(lab.HostPath(host, stop));
        var period = (1_000_000 / RatePerSecond).ToString(CultureInfo.InvariantCulture);
        var process = Proc.Start(lab.Script, ["exec", host, "bash", "-c", Script, "bench-writer", directory, stop, lab.Vip, period,
            MaxMessages.ToString(CultureInfo.InvariantCulture), MaxSeconds.ToString(CultureInfo.InvariantCulture)]);
        return new Writer(process, lab.HostPath(host, stop), host, directory);
    }

    public async Task<WriterResult> StopAsync(CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(_stopFile, "stop\n", cancellationToken);
        var stdout = _process.StandardOutput.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"the writer on {Host} did not stop within 10 s");
        }
        finally
        {
            File.Delete(_stopFile);
        }

        var match = Summary().Match(await stdout);
        return match.Success
            ? new WriterResult(Number(match, "w"), Number(match, "d"), Number(match, "e") / 1000.0)
            : throw new InvalidOperationException($"the writer on {Host} said: {await stdout} {await _process.StandardError.ReadToEndAsync(cancellationToken)}");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    /// <summary>Message files the writer stored on its host that the other host does not have.</summary>
    public static int Missing(Lab lab, string source, string target, string directory)
    {
        static HashSet<string> Names(string path) => System.IO.Directory.Exists(path)
            ? [.. System.IO.Directory.EnumerateFiles(path).Select(Path.GetFileName).OfType<string>()]
            : [];
        var have = Names(lab.HostPath(target, directory));
        return Names(lab.HostPath(source, directory)).Count(n => !have.Contains(n));
    }

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"written=(?<w>\d+) deferred=(?<d>\d+) elapsed_us=(?<e>\d+)")]
    private static partial Regex Summary();
}
