using System.Text;
using MailHa.Operations.Threading;
using MailHa.Operations.Topology;
using Renci.SshNet;

namespace MailHa.Operations.Ssh;

/// <summary>
/// One long-lived POSIX shell on a node, on an exec channel of the kept connection, reading commands from its standard
/// input: the read-only commands (<see cref="RemoteCommand.ReadOnly"/>) run there one at a time, framed by
/// <see cref="ShellFrame"/>. A new exec channel per command costs the node an sshd session process and a login shell
/// before the command even starts (about 3.7 ms of CPU a time on a lab host, against 0.1 ms for the kept shell's own
/// part). A shell that did not answer a command (ended, silent, out of time, a reply it could not frame) is closed:
/// the caller makes a new one next time.
/// </summary>
internal sealed class KeptShell : IDisposable
{
    /// <summary>A reply larger than this is not kept in memory: the shell is closed and the command run on its own channel.</summary>
    public const int MaxReplyBytes = 4 * 1024 * 1024;

    /// <summary>The most one read takes from a stream: one buffer of this size per command, for all its reads.</summary>
    private const int ReadSize = 16 * 1024;

    private readonly SshCommand _shell;
    private readonly Stream _input;
    private readonly Task _execution;
    private int _closed;

    private KeptShell(SshClient client, SshCommand shell, Stream input, Task execution)
    {
        Client = client;
        _shell = shell;
        _input = input;
        _execution = execution;
    }

    /// <summary>The connection the shell runs on (a shell is kept only with its connection).</summary>
    public SshClient Client { get; }

    /// <summary>False once the shell has ended or was closed.</summary>
    public bool IsOpen => Volatile.Read(ref _closed) == 0 && !_execution.IsCompleted;

    /// <summary>
    /// The shell's command line: POSIX sh, as every script of ours (Linux's sh; Solaris 9's /sbin/sh is a Bourne shell,
    /// so there the POSIX /usr/xpg4/bin/sh). <c>exec</c>: the login shell that runs it makes way for it.
    /// </summary>
    public static string CommandLine(NodePlatform platform) =>
        platform == NodePlatform.Solaris ? "exec /usr/xpg4/bin/sh" : "exec sh";

    /// <summary>
    /// Opens the channel and starts the shell. SSH.NET blocks the calling thread for the channel open and the exec
    /// request, each up to the connection's timeout: it runs on <see cref="BlockingCalls"/>. A dead connection fails
    /// here (the caller's to classify), as a new channel for the command would.
    /// </summary>
    public static async Task<KeptShell> OpenAsync(SshClient client, NodePlatform platform)
    {
        ArgumentNullException.ThrowIfNull(client);
        var shell = client.CreateCommand(CommandLine(platform));
        try
        {
            var execution = await BlockingCalls.Run(() => shell.ExecuteAsync(CancellationToken.None));
            return new KeptShell(client, shell, shell.CreateInputStream(), execution);
        }
        catch
        {
            shell.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="text"/> with <paramref name="tag"/> in its environment. The shell must answer (start the
    /// reply) within <paramref name="answerBound"/>, as a new channel must open within the connect timeout; the command
    /// then has <paramref name="timeout"/>. Every reply but <see cref="KeptAnswer"/> leaves the shell closed.
    /// </summary>
    public async Task<KeptReply> RunAsync(string text, EnvironmentMarker tag, TimeSpan answerBound, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var frame = new ShellFrame(text, tag, Guid.NewGuid().ToString("N"));
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The reads block until the shell writes (SSH.NET's output streams have no asynchronous read): on MailHa's own
        // threads for blocking calls, never the pool's. Closing the shell ends a read that waits.
        var reading = BlockingCalls.Run(() => Exchange(frame, answered));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var silence = Task.Delay(answerBound, time, stop.Token);
            if (await Task.WhenAny(answered.Task, reading, silence) == silence)
            {
                Dispose();
                cancellationToken.ThrowIfCancellationRequested();
                return new KeptSilent(answerBound);
            }

            var overrun = Task.Delay(timeout, time, stop.Token);
            if (await Task.WhenAny(reading, overrun) == overrun)
            {
                Dispose();
                cancellationToken.ThrowIfCancellationRequested();
                return new KeptOverran(timeout);
            }

            var reply = await reading;
            if (reply is not KeptAnswer)
            {
                Dispose();
            }

            return reply;
        }
        catch
        {
            // Cancelled or a fault of ours: the shell's state is unknown, so it is not kept.
            Dispose();
            throw;
        }
        finally
        {
            await stop.CancelAsync();
        }
    }

    /// <summary>Writes the request, then reads the reply: standard output to its end marker, then standard error to its own.</summary>
    private KeptReply Exchange(ShellFrame frame, TaskCompletionSource answered)
    {
        try
        {
            var request = Encoding.UTF8.GetBytes(frame.Request);
            _input.Write(request, 0, request.Length);
            _input.Flush();

            var buffer = new byte[ReadSize];
            var output = new MemoryStream();
            var start = -1;
            int length;
            int code;
            while (true)
            {
                if (!ReadMore(_shell.OutputStream, output, buffer))
                {
                    return new KeptBroken(output.Length > MaxReplyBytes ? $"a reply over {MaxReplyBytes} bytes" : "the shell ended");
                }

                var received = output.GetBuffer().AsSpan(0, (int)output.Length);
                if (start < 0 && (start = frame.StartOf(received)) >= 0)
                {
                    answered.TrySetResult();
                }

                if (start >= 0 && frame.TryEnd(received[start..], out length, out code))
                {
                    break;
                }
            }

            var errors = new MemoryStream();
            int errorLength;
            while ((errorLength = frame.ErrorLength(errors.GetBuffer().AsSpan(0, (int)errors.Length))) < 0)
            {
                if (!ReadMore(_shell.ExtendedOutputStream, errors, buffer))
                {
                    return new KeptBroken(errors.Length > MaxReplyBytes ? $"a reply over {MaxReplyBytes} bytes" : "the shell ended");
                }
            }

            return new KeptAnswer(
                code,
                Encoding.UTF8.GetString(output.GetBuffer(), start, length),
                Encoding.UTF8.GetString(errors.GetBuffer(), 0, errorLength));
        }
        catch (FormatException)
        {
            return new KeptBroken("a reply it could not frame");
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or Renci.SshNet.Common.SshException)
        {
            return new KeptBroken($"the shell could not be written to: {e.Message}");
        }
    }

    /// <summary>Appends what <paramref name="stream"/> has (waiting for some); false at its end or past the bound.</summary>
    private static bool ReadMore(Stream stream, MemoryStream into, byte[] buffer)
    {
        var read = stream.Read(buffer, 0, buffer.Length);
        into.Write(buffer, 0, read);
        return read > 0 && into.Length <= MaxReplyBytes;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        // Closing the channel ends the shell (its standard input ends) and every read waiting on it. SSH.NET waits up to
        // a second for the node to confirm the close (a silent node never does): not on the caller's time.
        _ = BlockingCalls.Run(() =>
        {
            _shell.Dispose();
            return true;
        });
    }
}

/// <summary>What a kept shell made of one command.</summary>
internal abstract record KeptReply;

/// <summary>The command ran: its exit code and output, as over a channel of its own.</summary>
internal sealed record KeptAnswer(int Code, string StdOut, string StdErr) : KeptReply;

/// <summary>The shell did not answer within the bound: the node does not answer (as a channel that does not open).</summary>
internal sealed record KeptSilent(TimeSpan After) : KeptReply;

/// <summary>The command started but outlived its timeout: its tagged processes are the caller's to stop.</summary>
internal sealed record KeptOverran(TimeSpan After) : KeptReply;

/// <summary>The shell ended or its reply could not be taken: nothing is known of the command; run it another way.</summary>
internal sealed record KeptBroken(string Why) : KeptReply;
