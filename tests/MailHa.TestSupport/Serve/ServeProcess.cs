using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MailHa.TestSupport.Lab;

namespace MailHa.TestSupport.Serve;

/// <summary>
/// The one way the integration tests and the bench launch <c>mailha serve</c>: one process (<c>dotnet mailha.dll serve --config lab/.run/mailha.json</c>, <c>MailHa__…</c>
/// environment variables over the lab's file) listening on a loopback port, its output in a log file. With a host
/// name it runs in its own UTS namespace (<c>unshare --uts</c>, which execs, so the PID is dotnet's): to the lease
/// code it is then another machine, whose death only the lease's expiry tells. Stopped by its PID only: SIGKILL
/// (<see cref="Kill"/>), SIGTERM (<see cref="TerminateAsync"/>), SIGINT (<see cref="InterruptAsync"/>), and SIGKILL on dispose if it still runs.
/// </summary>
public sealed class ServeProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private bool _disposed;

    private ServeProcess(string name, string? hostName, int port, string logPath, Process process)
    {
        Name = name;
        HostName = hostName;
        Port = port;
        LogPath = logPath;
        _process = process;
        Pid = process.Id;
    }

    /// <summary>The caller's name for it (a, b).</summary>
    public string Name { get; }

    /// <summary>Its own host name (its UTS namespace), or null when it shares this machine's.</summary>
    public string? HostName { get; }

    public int Port { get; }

    public string LogPath { get; }

    public int Pid { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public bool HasExited => _process.HasExited;

    public DateTime StartedAt { get; } = DateTime.UtcNow;

    /// <summary>Starts it on the lab's configuration and waits until <c>/healthz</c> answers.</summary>
    public static Task<ServeProcess> StartAsync(
        LabScript lab, string name, string? hostName, int port, IReadOnlyDictionary<string, string> settings, string logPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lab);
        return StartAsync(lab.RepositoryRoot, lab.ConfigPath, name, hostName, port, settings, logPath, interruptIgnored: false, cancellationToken);
    }

    /// <summary>
    /// Starts it on <paramref name="configPath"/> from <paramref name="repositoryRoot"/> and waits until <c>/healthz</c>
    /// answers. <paramref name="interruptIgnored"/>: it inherits SIGINT ignored, as a background job of a non-interactive
    /// shell (<c>mailha serve &amp;</c> in a script) or <c>nohup</c> starts it.
    /// </summary>
    public static async Task<ServeProcess> StartAsync(
        string repositoryRoot, string configPath, string name, string? hostName, int port, IReadOnlyDictionary<string, string> settings, string logPath, bool interruptIgnored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);

        // Beside this assembly (the Bot project is a reference of the bench and of the tests that use it), else the Release build.
        var dll = Path.Combine(AppContext.BaseDirectory, "mailha.dll");
        dll = File.Exists(dll) ? dll : Path.Combine(repositoryRoot, "src", "Bot", "bin", "Release", "net10.0", "mailha.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build bench/MailHa.Bench in Release (bench/run does)");
        }

        // sh redirects the output to the log and execs dotnet: the PID stays the one started here. "trap '' INT" ignores
        // SIGINT, which exec keeps, as a shell does for a job it starts in the background.
        var ignore = interruptIgnored ? "trap '' INT; " : "";
        string[] serve = ["dotnet", dll, "serve", "--config", configPath];
        var start = hostName is null
            ? new ProcessStartInfo("sh") { ArgumentList = { "-c", ignore + "log=$0; exec \"$@\" >>\"$log\" 2>&1", logPath } }
            : new ProcessStartInfo("unshare") { ArgumentList = { "--uts", "--", "sh", "-c", ignore + "log=$0; host=$1; shift; hostname \"$host\" && exec \"$@\" >>\"$log\" 2>&1", logPath, hostName } };
        foreach (var arg in serve)
        {
            start.ArgumentList.Add(arg);
        }

        start.UseShellExecute = false;
        start.WorkingDirectory = repositoryRoot;
        start.Environment["Urls"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start mailha serve");
        var serveProcess = new ServeProcess(name, hostName, port, logPath, process);
        try
        {
            await serveProcess.WaitHealthyAsync(cancellationToken);
        }
        catch
        {
            await serveProcess.DisposeAsync();
            throw;
        }

        return serveProcess;
    }

    /// <summary>A loopback port nothing listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>SIGKILL, by its PID: the process cannot release anything.</summary>
    public void Kill() => _process.Kill();

    /// <summary>SIGKILL, as a crash or an OOM kill, and waits until it is gone. Returns everything it printed.</summary>
    public async Task<string> KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync(CancellationToken.None);
        return await File.ReadAllTextAsync(LogPath);
    }

    /// <summary>SIGTERM, by its PID (a clean stop: the host stops its services, the leader lease is released); SIGKILL after <paramref name="patience"/>.</summary>
    public async Task TerminateAsync(TimeSpan patience, CancellationToken cancellationToken)
    {
        await SignalAsync("-TERM", cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(patience);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Kill();
            await _process.WaitForExitAsync(CancellationToken.None);
        }
    }

    /// <summary>SIGINT, by its PID (Ctrl-C); does not wait.</summary>
    public Task InterruptAsync(CancellationToken cancellationToken) => SignalAsync("-INT", cancellationToken);

    /// <summary>Its exit code, once it has exited.</summary>
    public int ExitCode => _process.ExitCode;

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>Its resident memory now (VmRSS, KiB), or null when it has exited.</summary>
    public long? ResidentKib()
    {
        try
        {
            var line = File.ReadLines($"/proc/{Pid.ToString(CultureInfo.InvariantCulture)}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The last lines of its log, to explain a failure.</summary>
    public string LogTail(int lines = 15)
    {
        try
        {
            return string.Join(" / ", File.ReadLines(LogPath).TakeLast(lines));
        }
        catch (IOException e)
        {
            return e.Message;
        }
    }

    private async Task SignalAsync(string signal, CancellationToken cancellationToken)
    {
        using var kill = Process.Start("kill", [signal, Pid.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync(cancellationToken);
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill {signal} {Pid} exited with {kill.ExitCode}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }

    private async Task WaitHealthyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartPatience)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"mailha serve ({Name}) exited with {_process.ExitCode} while starting: {LogTail()}");
            }

            try
            {
                using var response = await http.GetAsync("healthz", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        throw new TimeoutException($"mailha serve ({Name}) did not answer /healthz within {StartPatience.TotalSeconds:0} s: {LogTail()}");
    }
}
