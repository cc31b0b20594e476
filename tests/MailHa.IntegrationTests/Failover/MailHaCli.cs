using System.Diagnostics;
using MailHa.IntegrationTests.Lab;

namespace MailHa.IntegrationTests.Failover;

/// <summary>
/// The built <c>mailha</c> command line as a child process, configured like an operator would run it
/// (<c>--config lab/.run/mailha.json</c>) with this test's journal through <c>MailHa__Storage__DatabasePath</c>.
/// </summary>
public sealed class MailHaCli : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    private MailHaCli(Process process)
    {
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    /// <summary>The mailha.dll built beside the tests (the Bot project is a reference of this one).</summary>
    public static string Assembly => Path.Combine(AppContext.BaseDirectory, "mailha.dll");

    public bool HasExited => _process.HasExited;

    public int Pid => _process.Id;

    public static MailHaCli Start(LabFixture lab, string databasePath, params string[] args) =>
        Start(lab, new Dictionary<string, string> { ["MailHa__Storage__DatabasePath"] = databasePath }, args);

    /// <summary>
    /// Starts a command with <paramref name="environment"/> over the lab's configuration file (<c>mailha serve</c> is
    /// launched by <see cref="MailHa.TestSupport.Serve.ServeProcess"/>, as the bench launches it).
    /// </summary>
    public static MailHaCli Start(LabFixture lab, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(args);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = lab.RepositoryRoot,
        };
        start.ArgumentList.Add(Assembly);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(lab.ConfigPath);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new MailHaCli(Process.Start(start)!);
    }

    /// <summary>Runs to completion (stdin given, then closed) and returns the exit code and output.</summary>
    public static async Task<(int Code, string StdOut, string StdErr)> RunAsync(LabFixture lab, string databasePath, string stdin, CancellationToken cancellationToken, params string[] args)
    {
        using var cli = Start(lab, databasePath, args);
        return await cli.CompleteAsync(stdin, cancellationToken);
    }

    public async Task<(int Code, string StdOut, string StdErr)> CompleteAsync(string stdin, CancellationToken cancellationToken)
    {
        await _process.StandardInput.WriteAsync(stdin);
        _process.StandardInput.Close();
        try
        {
            await _process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw;
        }

        return (_process.ExitCode, await _stdout, await _stderr);
    }

    /// <summary>Kills it like a crash would (no finally blocks, no lease release) and waits until it is gone.</summary>
    public async Task<string> KillAsync()
    {
        Kill();
        await _process.WaitForExitAsync(CancellationToken.None);
        return await _stdout + await _stderr;
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }
}
