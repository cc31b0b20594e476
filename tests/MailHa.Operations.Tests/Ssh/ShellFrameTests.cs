using System.Diagnostics;
using System.Text;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Tests.Ssh;

/// <summary>
/// A kept shell's framing: where a command's reply starts and ends in what the shell writes back, and the request run
/// by a real POSIX sh on this machine (the lab's tests run it over SSH: <c>SshRemoteShellTests</c>).
/// </summary>
public class ShellFrameTests
{
    private const string Nonce = "0123abcd";
    private static readonly EnvironmentMarker Tag = new("MAILHA_RUN", "tag42");

    private static ShellFrame Frame(string text = "true") => new(text, Tag, Nonce);

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void TryEnd_GivesOutputAndExitCode_WhenEndMarkerFollowsOutputWithoutNewline()
    {
        var reply = StdOut(Frame(), Bytes($"{Nonce}:start\nline1\nnoNewline{Nonce}:end:3\n"));

        Assert.Equal(("line1\nnoNewline", 3), reply);
    }

    [Fact]
    public void StartOf_LeavesOutWhatCameBeforeTheStartMarker_WhenAnEarlierCommandWroteLate()
    {
        var reply = StdOut(Frame(), Bytes($"late-write\n{Nonce}:start\nmine\n{Nonce}:end:0\n"));

        Assert.Equal(("mine\n", 0), reply);
    }

    [Fact]
    public void StartOf_IsMinusOne_UntilTheShellHasAnswered()
    {
        Assert.Equal(-1, Frame().StartOf(Bytes("late-write\n")));
        Assert.Equal(-1, Frame().StartOf(Bytes($"{Nonce}:sta")));
        Assert.Equal(-1, Frame().StartOf(Bytes($"ffff{Nonce[4..]}:start\n")));
    }

    [Fact]
    public void TryEnd_IsFalse_UntilTheExitCodesNewlineArrives()
    {
        var frame = Frame();

        Assert.False(frame.TryEnd(Bytes("output\n"), out _, out _));
        Assert.False(frame.TryEnd(Bytes($"output\n{Nonce}:en"), out _, out _));
        Assert.False(frame.TryEnd(Bytes($"output\n{Nonce}:end:12"), out _, out _));
        Assert.True(frame.TryEnd(Bytes($"output\n{Nonce}:end:127\n"), out _, out var code));
        Assert.Equal(127, code);
    }

    [Fact]
    public void TryEnd_Throws_WhenTheEndMarkerCarriesNoExitCode()
    {
        Assert.Throws<FormatException>(() => Frame().TryEnd(Bytes($"{Nonce}:end:\n"), out _, out _));
        Assert.Throws<FormatException>(() => Frame().TryEnd(Bytes($"{Nonce}:end:x1\n"), out _, out _));
        Assert.Throws<FormatException>(() => Frame().TryEnd(Bytes($"{Nonce}:end:12345\n"), out _, out _));
    }

    [Fact]
    public void ErrorLength_IsTheCommandsStandardError_OnceItsMarkerArrived()
    {
        Assert.Equal(-1, Frame().ErrorLength(Bytes("broken\n")));
        Assert.Equal(7, Frame().ErrorLength(Bytes($"broken\n{Nonce}:end\n")));
        Assert.Equal(0, Frame().ErrorLength(Bytes($"{Nonce}:end\n")));
    }

    [Fact]
    public void Constructor_RefusesANonceThatIsNotLettersAndDigits()
    {
        Assert.Throws<ArgumentException>(() => new ShellFrame("true", Tag, "a b"));
        Assert.Throws<ArgumentException>(() => new ShellFrame("true", Tag, "a'b"));
        Assert.Throws<ArgumentException>(() => new ShellFrame("true", Tag, ""));
    }

    [Fact]
    public void CommandLine_IsThePosixShell_OnEachPlatform()
    {
        Assert.Equal("exec sh", KeptShell.CommandLine(NodePlatform.Linux));
        Assert.Equal("exec /usr/xpg4/bin/sh", KeptShell.CommandLine(NodePlatform.Solaris));
    }

    [Fact]
    public void ListAddresses_IsReadOnly_OnEachPlatform()
    {
        Assert.True(VipCommands.ListAddresses(NodePlatform.Linux).ReadOnly);
        Assert.True(VipCommands.ListAddresses(NodePlatform.Solaris).ReadOnly);
    }

    [Fact]
    public async Task Request_RunsEachCommandApartInOneShell_WhenFedToPosixSh()
    {
        // Quotes, a command that does not parse, one that changes directory and exits, one that reads standard input and
        // one that prints the run tag: each is answered in turn by the same shell, none sees another's requests.
        var commands = new[]
        {
            new ShellFrame("printf '%s' \"it's\"; echo oops >&2; exit 3", Tag, "n1"),
            new ShellFrame("if then", Tag, "n2"),
            new ShellFrame("cd / && exit 7", Tag, "n3"),
            new ShellFrame("cat; pwd", Tag, "n4"),
            new ShellFrame("sh -c 'echo $MAILHA_RUN'", Tag, "n5"),
        };

        var (output, errors) = await RunInShAsync(string.Concat(commands.Select(c => c.Request)));

        var errorsAt = 0;
        var replies = commands.Select(c => Reply(c, output, errors, ref errorsAt)).ToList();
        Assert.Equal((3, "it's", "oops\n"), replies[0]);
        Assert.NotEqual(0, replies[1].Code);
        Assert.NotEmpty(replies[1].StdErr);
        Assert.Equal((7, "", ""), replies[2]);
        Assert.Equal((0, Environment.CurrentDirectory + "\n", ""), replies[3]);
        Assert.Equal((0, "tag42\n", ""), replies[4]);
    }

    /// <summary>
    /// One frame's reply taken out of a shell's whole output, as <see cref="KeptShell"/> takes it as it arrives; standard
    /// error has no start marker: a command's starts where the previous one's ended (<paramref name="errorsAt"/>).
    /// </summary>
    private static (int Code, string StdOut, string StdErr) Reply(ShellFrame frame, byte[] output, byte[] errors, ref int errorsAt)
    {
        var (stdout, code) = StdOut(frame, output);
        var errorLength = frame.ErrorLength(errors.AsSpan(errorsAt));
        Assert.True(errorLength >= 0, "standard error never ended");
        var stderr = Encoding.UTF8.GetString(errors, errorsAt, errorLength);
        errorsAt = Array.IndexOf(errors, (byte)'\n', errorsAt + errorLength) + 1;
        return (code, stdout, stderr);
    }

    /// <summary>One frame's standard output and exit code, taken out of a shell's whole output.</summary>
    private static (string StdOut, int Code) StdOut(ShellFrame frame, byte[] output)
    {
        var start = frame.StartOf(output);
        Assert.True(start >= 0, "the shell never answered");
        Assert.True(frame.TryEnd(output.AsSpan(start), out var length, out var code), "the reply never ended");
        return (Encoding.UTF8.GetString(output, start, length), code);
    }

    private static async Task<(byte[] Output, byte[] Errors)> RunInShAsync(string requests)
    {
        var start = new ProcessStartInfo("sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Environment.CurrentDirectory,
        };
        using var sh = Process.Start(start)!;
        var output = new MemoryStream();
        var errors = new MemoryStream();
        var token = TestContext.Current.CancellationToken;
        var reading = Task.WhenAll(sh.StandardOutput.BaseStream.CopyToAsync(output, token), sh.StandardError.BaseStream.CopyToAsync(errors, token));
        await sh.StandardInput.BaseStream.WriteAsync(Encoding.UTF8.GetBytes(requests), token);
        sh.StandardInput.Close();
        await reading;
        await sh.WaitForExitAsync(token);
        return (output.ToArray(), errors.ToArray());
    }
}
