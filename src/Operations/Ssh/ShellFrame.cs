using System.Globalization;
using System.Text;

namespace MailHa.Operations.Ssh;

/// <summary>
/// One command's exchange with a kept shell (<see cref="KeptShell"/>): the text written to the shell's standard input,
/// and where the command's reply starts and ends in what the shell writes back. A nonce chosen per command marks the
/// start of the reply on standard output (the shell has read the request: it answers), its end there with the exit
/// code, and its end on standard error. The command runs in a subshell of its own, with the run tag in its
/// environment (as over a channel of its own), standard input from /dev/null (it cannot read the requests after it)
/// and its text given to <c>eval</c> in single quotes (any text, even one that does not parse, stays one command).
/// Every marker is written by the shell's own <c>echo</c>, so a reply costs the node one fork beside the command.
/// </summary>
internal sealed class ShellFrame
{
    private readonly byte[] _start;
    private readonly byte[] _end;
    private readonly byte[] _errorEnd;

    /// <param name="nonce">Letters and digits only, fresh for each command (the markers are found by it).</param>
    public ShellFrame(string text, EnvironmentMarker tag, string nonce)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tag);
        ArgumentException.ThrowIfNullOrEmpty(nonce);
        if (!nonce.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException("a frame's nonce is letters and digits only", nameof(nonce));
        }

        _start = Encoding.ASCII.GetBytes($"{nonce}:start\n");
        _end = Encoding.ASCII.GetBytes($"{nonce}:end:");
        _errorEnd = Encoding.ASCII.GetBytes($"{nonce}:end\n");
        Request =
            $"echo {nonce}:start\n" +
            $"( {tag.Export}\n" +
            $"eval '{text.Replace("'", "'\\''", StringComparison.Ordinal)}'\n" +
            ") </dev/null\n" +
            $"echo {nonce}:end:$?\n" +
            $"echo {nonce}:end >&2\n";
    }

    /// <summary>What to write to the kept shell's standard input.</summary>
    public string Request { get; }

    /// <summary>
    /// Where the command's standard output starts in <paramref name="output"/> (just after the start marker), or -1
    /// when the shell has not answered yet. Anything before the marker is not this command's (a late write of an
    /// earlier one) and is left out.
    /// </summary>
    public int StartOf(ReadOnlySpan<byte> output)
    {
        var at = output.IndexOf(_start);
        return at < 0 ? -1 : at + _start.Length;
    }

    /// <summary>
    /// The command's standard output and exit code once its end marker is in <paramref name="reply"/> (the output from
    /// <see cref="StartOf"/> on); false while it has not ended.
    /// </summary>
    public bool TryEnd(ReadOnlySpan<byte> reply, out int length, out int code)
    {
        length = reply.IndexOf(_end);
        code = 0;
        if (length < 0)
        {
            return false;
        }

        var digits = reply[(length + _end.Length)..];
        var newline = digits.IndexOf((byte)'\n');
        if (newline < 0)
        {
            return false;
        }

        // $? is 0-255: anything else between the marker and its newline is not this frame's.
        if (newline is 0 or > 3 || !int.TryParse(digits[..newline], NumberStyles.None, CultureInfo.InvariantCulture, out code))
        {
            throw new FormatException("a kept shell's end marker without an exit code");
        }

        return true;
    }

    /// <summary>The length of the command's standard error once its end marker is in <paramref name="errors"/>, or -1.</summary>
    public int ErrorLength(ReadOnlySpan<byte> errors) => errors.IndexOf(_errorEnd);
}
