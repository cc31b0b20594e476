using System.Diagnostics;

namespace MailHa.Bench;

/// <summary>What a child process came to: exit code (-1 when killed at its time limit), output, wall time.</summary>
internal sealed record ProcResult(int Code, string StdOut, string StdErr, TimeSpan Elapsed)
{
    public bool Ok => Code == 0;

    public string Describe() => $"exit {Code} after {Elapsed.TotalMilliseconds:0} ms: {(StdErr + StdOut).Trim()}";
}

/// <summary>Runs child processes with a time limit; a process past its limit is killed with its tree.</summary>
internal static class Proc
{
    public static async Task<ProcResult> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var process = Start(file, args);
        var clock = Stopwatch.StartNew();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            return new ProcResult(-1, await stdout, $"killed after {timeout.TotalSeconds:0} s. " + await stderr, clock.Elapsed);
        }

        var elapsed = clock.Elapsed;
        return new ProcResult(process.ExitCode, await stdout, await stderr, elapsed);
    }

    public static Process Start(string file, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
    }

    /// <summary>First line of a command's output (stdout, else stderr), for the machine description.</summary>
    public static async Task<string> FirstLineAsync(string file, params string[] args)
    {
        try
        {
            var result = await RunAsync(file, args, TimeSpan.FromSeconds(20), CancellationToken.None);
            var text = result.StdOut.Trim().Length > 0 ? result.StdOut : result.StdErr;
            return text.Split('\n')[0].Trim();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"({file}: {e.Message})";
        }
    }
}
