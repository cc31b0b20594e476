using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using MailHa.Operations.Reporting;
using MailHa.Operations.Threading;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace MailHa.Operations.Ssh;

/// <summary>
/// <see cref="IRemoteShell"/> over SSH.NET: one connection per node, reused across commands and
/// re-made when it dies; host keys pinned (no trust on first use); key authentication only. Each command runs on an
/// exec channel of its own, but a read-only one (<see cref="RemoteCommand.ReadOnly"/>) in the node's kept shell
/// (<see cref="KeptShell"/>) while that is free.
/// </summary>
public sealed class SshRemoteShell(
    MailTopology topology,
    IOptions<SshOptions> options,
    TimeProvider time,
    ILogger<SshRemoteShell> logger) : IRemoteShell, IStreamingShell, IDisposable
{
    private readonly ConcurrentDictionary<NodeName, NodeConnection> _connections = new();

    public async Task<CommandOutcome> RunAsync(NodeName node, RemoteCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var connection = _connections.GetOrAdd(node, n => new NodeConnection(topology.Node(n)));
        var (client, failure) = await ConnectAsync(connection, cancellationToken);
        if (client is null)
        {
            return failure!;
        }

        var timeout = command.Timeout ?? options.Value.CommandTimeout;
        var started = time.GetTimestamp();
        // Each run carries a tag in its environment so that, on timeout, its whole process tree can be
        // found and killed: SSH "signal" requests are refused by many servers (OpenSSH as root, SunSSH).
        var tag = Guid.NewGuid().ToString("N");
        var platform = connection.Options.Platform;
        if (command.ReadOnly && await InKeptShellAsync(connection, client, command, tag, timeout, started, cancellationToken) is { } kept)
        {
            return kept;
        }

        using var sshCommand = client.CreateCommand(ForPlatform(platform, $"{RunTag(tag).Export}\n{command.Text}"));
        try
        {
            var execution = await StartAsync(sshCommand, cancellationToken);
            if (await Task.WhenAny(execution, Task.Delay(timeout, time, cancellationToken)) != execution)
            {
                // Out of time: kill the tagged processes, then close the channel. A connection that died
                // meanwhile cannot carry the kill: its start fails after one connect timeout, and the node is
                // reported lost, not the command killed.
                if (!await KillTaggedAsync(client, platform, tag))
                {
                    connection.Drop(client);
                    SshLog.Unreachable(logger, node.Value, $"connection lost while {command.Name} ran past its timeout");
                    return new Unreachable(node, $"connection lost while {command.Name} ran past {Durations.Format(timeout)}; it could not be killed");
                }

                await Task.Run(() => sshCommand.CancelAsync(forceKill: true, millisecondsTimeout: 1000), CancellationToken.None);
                await Swallow(execution);
                SshLog.TimedOut(logger, command.Name, node.Value, (long)time.GetElapsedTime(started).TotalMilliseconds);
                return new TimedOut(node, timeout);
            }

            await execution;
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            // The cached connection died under us (link down, peer rebooted): forget it, say so.
            connection.Drop(client);
            SshLog.Unreachable(logger, node.Value, e.Message);
            return new Unreachable(node, $"connection lost: {e.Message}");
        }

        var elapsed = time.GetElapsedTime(started);
        var stderr = sshCommand.Error;
        if (sshCommand.ExitStatus is not { } code)
        {
            code = -1;
            stderr = $"terminated by signal {sshCommand.ExitSignal ?? "unknown"}\n{stderr}";
        }

        SshLog.Exited(logger, command.Name, node.Value, code, (long)elapsed.TotalMilliseconds);
        return new Exited(node, code, sshCommand.Result, stderr, elapsed);
    }

    /// <summary>
    /// A read-only command in the node's kept shell, with the same outcomes as on a channel of its own: a shell that does
    /// not answer within the connect timeout is a connection lost (as a channel that does not open), one that outlives
    /// its timeout is killed by its tag. Null when no kept shell is free (another read-only command has it: this one does
    /// not wait), the server refused one, or it broke under the command: then it runs on its own channel.
    /// </summary>
    private async Task<CommandOutcome?> InKeptShellAsync(NodeConnection connection, SshClient client, RemoteCommand command, string tag, TimeSpan timeout, long started, CancellationToken cancellationToken)
    {
        var node = connection.Options.NodeName;
        KeptShell? shell;
        try
        {
            shell = await connection.TakeShellAsync(client);
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            connection.Drop(client);
            SshLog.Unreachable(logger, node.Value, e.Message);
            return new Unreachable(node, $"connection lost: {e.Message}");
        }
        catch (SshException e)
        {
            SshLog.KeptShellRefused(logger, node.Value, e.Message);
            return null;
        }

        if (shell is null)
        {
            return null;
        }

        try
        {
            switch (await shell.RunAsync(command.Text, RunTag(tag), options.Value.ConnectTimeout, timeout, time, cancellationToken))
            {
                case KeptAnswer answer:
                    var elapsed = time.GetElapsedTime(started);
                    SshLog.Exited(logger, command.Name, node.Value, answer.Code, (long)elapsed.TotalMilliseconds);
                    return new Exited(node, answer.Code, answer.StdOut, answer.StdErr, elapsed);
                case KeptSilent silent:
                    connection.Drop(client);
                    SshLog.Unreachable(logger, node.Value, $"no answer from its kept shell within {Durations.Format(silent.After)}");
                    return new Unreachable(node, $"connection lost: no answer within {Durations.Format(silent.After)}");
                case KeptOverran:
                    if (!await KillTaggedAsync(client, connection.Options.Platform, tag))
                    {
                        connection.Drop(client);
                        SshLog.Unreachable(logger, node.Value, $"connection lost while {command.Name} ran past its timeout");
                        return new Unreachable(node, $"connection lost while {command.Name} ran past {Durations.Format(timeout)}; it could not be killed");
                    }

                    SshLog.TimedOut(logger, command.Name, node.Value, (long)time.GetElapsedTime(started).TotalMilliseconds);
                    return new TimedOut(node, timeout);
                case KeptBroken broken:
                    SshLog.KeptShellBroke(logger, command.Name, node.Value, broken.Why);
                    return null;
                default:
                    throw new UnreachableException();
            }
        }
        finally
        {
            connection.Release();
        }
    }

    public async IAsyncEnumerable<StreamRecord> StreamAsync(NodeName node, RemoteCommand command, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var records = Channel.CreateUnbounded<StreamRecord>(new UnboundedChannelOptions { SingleReader = true });
        var pump = PumpAsync(node, command, records.Writer, stop.Token);
        try
        {
            await foreach (var record in records.Reader.ReadAllAsync(CancellationToken.None))
            {
                yield return record;
            }
        }
        finally
        {
            // The reader stopped early (or was cancelled): close the channel; the caller stops what it left running.
            await stop.CancelAsync();
            await Swallow(pump);
        }
    }

    /// <summary>Runs <paramref name="command"/>, writes its output as it arrives, and always ends with <see cref="StreamEnded"/>.</summary>
    private async Task PumpAsync(NodeName node, RemoteCommand command, ChannelWriter<StreamRecord> records, CancellationToken cancellationToken)
    {
        CommandOutcome outcome;
        var connection = _connections.GetOrAdd(node, n => new NodeConnection(topology.Node(n)));
        var (client, failure) = await ConnectAsync(connection, cancellationToken);
        if (client is null)
        {
            records.TryWrite(new StreamEnded(failure!));
            records.TryComplete();
            return;
        }

        var started = time.GetTimestamp();
        using var sshCommand = client.CreateCommand(ForPlatform(connection.Options.Platform, command.Text));
        try
        {
            var execution = await StartAsync(sshCommand, cancellationToken);
            var output = ReadRecordsAsync(sshCommand.OutputStream, 0, text => new OutputRecord(text), records);
            var errors = ReadRecordsAsync(sshCommand.ExtendedOutputStream, (byte)'\n', text => new ErrorLine(text.TrimEnd('\r')), records);
            await execution;
            // The channel closed: its streams end with it; a last piece of output still on its way is waited for briefly.
            await Task.WhenAny(Task.WhenAll(output, errors), Task.Delay(TimeSpan.FromSeconds(5), time, CancellationToken.None));
            var code = sshCommand.ExitStatus ?? -1;
            var elapsed = time.GetElapsedTime(started);
            SshLog.Exited(logger, command.Name, node.Value, code, (long)elapsed.TotalMilliseconds);
            outcome = new Exited(node, code, "", sshCommand.ExitSignal is { } signal ? $"terminated by signal {signal}" : "", elapsed);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = new Exited(node, -1, "", "stopped by MailHa", time.GetElapsedTime(started));
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            connection.Drop(client);
            SshLog.Unreachable(logger, node.Value, e.Message);
            outcome = new Unreachable(node, $"connection lost: {e.Message}");
        }

        records.TryWrite(new StreamEnded(outcome));
        records.TryComplete();
    }

    /// <summary>Splits a stream into records at <paramref name="separator"/> (UTF-8; a last record without one still counts).</summary>
    private static async Task ReadRecordsAsync(Stream stream, byte separator, Func<string, StreamRecord> record, ChannelWriter<StreamRecord> records)
    {
        var buffer = new byte[16 * 1024];
        var pending = new MemoryStream();
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, CancellationToken.None)) > 0)
            {
                var start = 0;
                for (var i = 0; i < read; i++)
                {
                    if (buffer[i] != separator)
                    {
                        continue;
                    }

                    pending.Write(buffer, start, i - start);
                    records.TryWrite(record(Encoding.UTF8.GetString(pending.GetBuffer(), 0, (int)pending.Length)));
                    pending.SetLength(0);
                    start = i + 1;
                }

                pending.Write(buffer, start, read - start);
            }
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            // The channel went away: what was read is handed over, the end is told by the command's own outcome.
        }

        if (pending.Length > 0)
        {
            records.TryWrite(record(Encoding.UTF8.GetString(pending.GetBuffer(), 0, (int)pending.Length)));
        }
    }

    public void Dispose()
    {
        foreach (var connection in _connections.Values)
        {
            connection.Dispose();
        }

        _connections.Clear();
    }

    private async Task<(SshClient? Client, CommandOutcome? Failure)> ConnectAsync(NodeConnection connection, CancellationToken cancellationToken)
    {
        var node = connection.Options;
        await connection.Gate.WaitAsync(cancellationToken);
        try
        {
            if (connection.Client is { IsConnected: true } alive)
            {
                return (alive, null);
            }

            connection.Drop(connection.Client);
            var connectTimeout = options.Value.ConnectTimeout;
            string? presented = null;
            using var key = new PrivateKeyFile(node.KeyPath);
            var info = new ConnectionInfo(node.Host, node.Port, node.User, new PrivateKeyAuthenticationMethod(node.User, key))
            {
                Timeout = connectTimeout,
                RetryAttempts = 1,
            };
            var client = new SshClient(info) { KeepAliveInterval = options.Value.KeepAliveInterval };
            client.HostKeyReceived += (_, e) =>
            {
                presented = "SHA256:" + e.FingerPrintSHA256;
                e.CanTrust = string.Equals(presented, node.HostKeyFingerprint, StringComparison.Ordinal);
            };

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(connectTimeout);
            try
            {
                await client.ConnectAsync(deadline.Token);
                connection.Client = client;
                SshLog.Connected(logger, node.Name, node.Host, node.Port);
                return (client, null);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                client.Dispose();
                return (null, Classify(node, e, presented, connectTimeout));
            }
        }
        finally
        {
            connection.Gate.Release();
        }
    }

    private CommandOutcome Classify(NodeOptions node, Exception e, string? presented, TimeSpan connectTimeout)
    {
        var name = node.NodeName;
        if (presented is not null && !string.Equals(presented, node.HostKeyFingerprint, StringComparison.Ordinal))
        {
            SshLog.HostKeyRejected(logger, node.Name, node.HostKeyFingerprint, presented);
            return new HostKeyRejected(name, node.HostKeyFingerprint, presented);
        }

        if (e is SshAuthenticationException)
        {
            SshLog.LoginRefused(logger, node.Name, e.Message);
            return new LoginRefused(name, e.Message);
        }

        var reason = e switch
        {
            OperationCanceledException or SshOperationTimeoutException =>
                $"no SSH answer from {node.Host}:{node.Port} within {Durations.Format(connectTimeout)}",
            SocketException s => $"{node.Host}:{node.Port}: {s.SocketErrorCode}",
            _ => e.Message,
        };
        SshLog.Unreachable(logger, node.Name, reason);
        return new Unreachable(name, reason);
    }

    /// <summary>
    /// Our scripts are POSIX sh. Linux login shells are; Solaris 9's /sbin/sh is a Bourne shell without
    /// <c>$(...)</c>, so there they run under the POSIX <c>/usr/xpg4/bin/sh</c>.
    /// </summary>
    private static string ForPlatform(NodePlatform platform, string text) =>
        platform == NodePlatform.Solaris ? $"/usr/xpg4/bin/sh -c '{text.Replace("'", "'\\''", StringComparison.Ordinal)}'" : text;

    private static EnvironmentMarker RunTag(string tag) => new("MAILHA_RUN", tag);

    /// <summary>
    /// Starts a command: opens its channel and sends the exec request. SSH.NET waits for both answers
    /// blocking the calling thread, each up to the connection's timeout (our connect timeout), so the
    /// start runs on one of MailHa's threads for blocking calls (<see cref="BlockingCalls"/>): a caller
    /// starting commands on several nodes at once, one of them dead on a connection we still hold, must not
    /// wait out that node before the next command even starts, and the pool's few threads stay free for the
    /// continuations that finish the commands. The returned task is the running command; a dead connection
    /// fails the start, after one connect timeout.
    /// </summary>
    private static Task<Task> StartAsync(SshCommand command, CancellationToken cancellationToken) =>
        BlockingCalls.Run(() => command.ExecuteAsync(cancellationToken));

    /// <summary>False when the kill could not even start: the connection is dead.</summary>
    private static async Task<bool> KillTaggedAsync(SshClient client, NodePlatform platform, string tag)
    {
        var script = $"pids=$({RunTag(tag).FindProcesses(platform)}); [ -z \"$pids\" ] || {{ kill -TERM $pids 2>/dev/null; sleep 1; kill -KILL $pids 2>/dev/null; }}; true";
        using var kill = client.CreateCommand(ForPlatform(platform, script));
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        Task execution;
        try
        {
            execution = await StartAsync(kill, patience.Token);
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            return false;
        }

        await Swallow(execution);
        return true;
    }

    private static async Task Swallow(Task execution)
    {
        try
        {
            await execution;
        }
#pragma warning disable CA1031 // The command was abandoned on purpose; how its task ends no longer matters.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private static bool IsConnectionFailure(Exception e) =>
        e is SshConnectionException or SshOperationTimeoutException or SocketException or IOException or ObjectDisposedException;

    private sealed class NodeConnection(NodeOptions options) : IDisposable
    {
        private readonly Lock _shellLock = new();
        private KeptShell? _shell;
        private bool _shellTaken;

        public NodeOptions Options { get; } = options;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public SshClient? Client { get; set; }

        /// <summary>
        /// The kept shell on <paramref name="client"/>, made when there is none (or it ended), for one command at a time;
        /// null while another command has it. Opening fails as a new channel would (a dead connection, a refused channel).
        /// </summary>
        public async Task<KeptShell?> TakeShellAsync(SshClient client)
        {
            lock (_shellLock)
            {
                if (_shellTaken)
                {
                    return null;
                }

                _shellTaken = true;
                if (_shell is { IsOpen: true } open && ReferenceEquals(open.Client, client))
                {
                    return open;
                }

                _shell?.Dispose();
                _shell = null;
            }

            try
            {
                var opened = await KeptShell.OpenAsync(client, Options.Platform);
                lock (_shellLock)
                {
                    _shell = opened;
                }

                return opened;
            }
            catch
            {
                Release();
                throw;
            }
        }

        /// <summary>The command is done with the kept shell (one that broke closed itself: the next command makes a new one).</summary>
        public void Release()
        {
            lock (_shellLock)
            {
                _shellTaken = false;
            }
        }

        public void Drop(SshClient? client)
        {
            if (client is null)
            {
                return;
            }

            if (ReferenceEquals(Client, client))
            {
                Client = null;
            }

            lock (_shellLock)
            {
                if (_shell is { } shell && ReferenceEquals(shell.Client, client))
                {
                    shell.Dispose();
                    _shell = null;
                }
            }

            client.Dispose();
        }

        public void Dispose()
        {
            lock (_shellLock)
            {
                _shell?.Dispose();
                _shell = null;
            }

            Client?.Dispose();
            Gate.Dispose();
        }
    }
}
