using MailHa.Operations.Topology;

namespace MailHa.Operations.Ssh;

/// <summary>
/// Runs a long-lived command on a node and hands its output over as it arrives: standard output as NUL-terminated
/// records (a file name may hold any byte but NUL), standard error as lines, then how the command ended. The command
/// runs until it ends by itself or the caller cancels; a process it started that outlives its channel is the
/// caller's to stop (by its PID, over <see cref="IRemoteShell"/>).
/// </summary>
public interface IStreamingShell
{
    IAsyncEnumerable<StreamRecord> StreamAsync(NodeName node, RemoteCommand command, CancellationToken cancellationToken);
}

/// <summary>One piece of a streamed command's output, or its end.</summary>
public abstract record StreamRecord;

/// <summary>One NUL-terminated record of standard output (without the NUL).</summary>
public sealed record OutputRecord(string Text) : StreamRecord;

/// <summary>One line of standard error (without the newline).</summary>
public sealed record ErrorLine(string Text) : StreamRecord;

/// <summary>The command ended (its exit, the node lost, a refused login): always the last record.</summary>
public sealed record StreamEnded(CommandOutcome Outcome) : StreamRecord;
