using System.Diagnostics;
using System.Text;
using MailHa.IntegrationTests.Failover;
using MailHa.IntegrationTests.Lab;

namespace MailHa.IntegrationTests.Instances;

/// <summary>
/// <c>mailha serve --config lab/.run/mailha.json</c> as its own process (a MailHa instance), with
/// configuration overrides as <c>MailHa__...</c> environment variables. Listens on a free loopback
/// port. <see cref="KillAsync"/> is a crash (SIGKILL): no shutdown, no lease released.
/// </summary>
public sealed class MailHaServe : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private MailHaServe(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Received(e.Data);
        _process.ErrorDataReceived += (_, e) => Received(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<MailHaServe> StartAsync(LabFixture lab, IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(settings);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = lab.RepositoryRoot,
        };
        start.ArgumentList.Add(MailHaCli.Assembly);
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(lab.ConfigPath);
        start.Environment["Urls"] = "http://127.0.0.1:0";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var serve = new MailHaServe(Process.Start(start)!);
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(TimeSpan.FromMinutes(1));
        try
        {
            await serve._started.Task.WaitAsync(patience.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
        {
            var output = serve.Output;
            await serve.DisposeAsync();
            throw new InvalidOperationException($"mailha serve did not start: {e.Message}\n{output}", e);
        }

        return serve;
    }

    /// <summary>SIGKILL, like an OOM kill or a host crash, and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            _started.TrySetException(new InvalidOperationException("the process exited"));
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line.Contains("Application started", StringComparison.Ordinal))
        {
            _started.TrySetResult();
        }
    }
}
