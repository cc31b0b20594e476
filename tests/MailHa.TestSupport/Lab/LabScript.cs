using System.Diagnostics;

namespace MailHa.TestSupport.Lab;

/// <summary>
/// <c>lab/lab</c> as a child process, for the integration tests and the bench alike: its verbs (up, cut, restore, stop,
/// start, exec…), its run directory (<c>MAILHA_LAB_RUN</c>, as the script itself reads it, else <c>lab/.run</c>) and the
/// configuration <c>lab up</c> writes there. A verb past its time limit is killed with its tree.
/// </summary>
public sealed class LabScript(string repositoryRoot)
{
    public string RepositoryRoot { get; } = repositoryRoot;

    public string Path => System.IO.Path.Combine(RepositoryRoot, "lab", "lab");

    public string RunDirectory { get; } = Environment.GetEnvironmentVariable("MAILHA_LAB_RUN") is { Length: > 0 } run ? run : System.IO.Path.Combine(repositoryRoot, "lab", ".run");

    /// <summary>The MailHa configuration of the lab that is up, as <c>mailha --config</c> reads it.</summary>
    public string ConfigPath => System.IO.Path.Combine(RunDirectory, "mailha.json");

    /// <summary>Runs a verb; its exit code (-1 when it was killed at <paramref name="timeout"/>) and its output, stdout then stderr.</summary>
    public async Task<(int Code, string Output)> TryRunAsync(TimeSpan timeout, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var start = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Path}");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            return (-1, $"lab/lab {string.Join(' ', start.ArgumentList)} did not finish within {timeout}");
        }

        return (process.ExitCode, (await stdout) + (await stderr));
    }

    /// <summary>Runs a verb (at most a minute); throws when it fails. Returns its output.</summary>
    public async Task<string> RunAsync(params string[] args)
    {
        var (code, output) = await TryRunAsync(TimeSpan.FromMinutes(1), args, CancellationToken.None);
        return code == 0 ? output : throw new InvalidOperationException($"lab/lab {string.Join(' ', args)} failed ({code}): {output}");
    }

    /// <summary>Runs a shell command inside a lab host's namespaces (<c>lab exec</c>: works while its links are cut) and returns its output.</summary>
    public Task<string> ExecAsync(string host, string script) => RunAsync("exec", host, "sh", "-c", script);

    /// <summary>The repository that holds <paramref name="directory"/> (the one with MailHa.sln above it).</summary>
    public static string FindRepositoryRoot(string directory)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "MailHa.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"MailHa.sln not found above {directory}.");
    }
}
