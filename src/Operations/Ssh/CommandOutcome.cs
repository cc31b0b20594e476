using MailHa.Operations.Reporting;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Ssh;

/// <summary>What running a remote command came to. A non-zero exit is a value, not an exception.</summary>
public abstract record CommandOutcome(NodeName Node)
{
    /// <summary>True only for an exit with code 0.</summary>
    public bool Succeeded => this is Exited { Code: 0 };

    /// <summary>One line for reports: what happened, never the command text.</summary>
    public abstract string Describe();
}

/// <summary>The command ran to completion with an exit code.</summary>
public sealed record Exited(NodeName Node, int Code, string StdOut, string StdErr, TimeSpan Duration) : CommandOutcome(Node)
{
    public override string Describe() => Code == 0
        ? $"{Node}: ok in {Durations.Format(Duration)}"
        : $"{Node}: exit {Code}: {FirstLine(StdErr.Length > 0 ? StdErr : StdOut)}";

    private static string FirstLine(string text)
    {
        var line = text.Trim().Split('\n', 2)[0].Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}

/// <summary>No connection could be made (refused, no route, handshake timeout) or an open one died.</summary>
public sealed record Unreachable(NodeName Node, string Reason) : CommandOutcome(Node)
{
    public override string Describe() => $"{Node}: unreachable ({Reason})";
}

/// <summary>The command outlived its timeout; it was cancelled and its channel closed.</summary>
public sealed record TimedOut(NodeName Node, TimeSpan After) : CommandOutcome(Node)
{
    public override string Describe() => $"{Node}: timed out after {Durations.Format(After)}";
}

/// <summary>The server's host key is not the pinned one: refused, with both fingerprints.</summary>
public sealed record HostKeyRejected(NodeName Node, string Expected, string Presented) : CommandOutcome(Node)
{
    public override string Describe() =>
        $"{Node}: host key mismatch, refusing to connect (pinned {Expected}, server presented {Presented})";
}

/// <summary>The server was reached but refused our key.</summary>
public sealed record LoginRefused(NodeName Node, string Reason) : CommandOutcome(Node)
{
    public override string Describe() => $"{Node}: login refused ({Reason})";
}
