using MailHa.Operations.Failover;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Tests.Failover;

public sealed class QueueDrainTests
{
    private static readonly NodeName Mail1 = new("mail1");

    private static readonly MirrorOptions Postfix = new() { QueueFlushCommand = "postqueue -f", QueueCountCommand = "postqueue -j | wc -l", DrainTimeout = TimeSpan.FromSeconds(10) };

    private static QueueDrain Read(string stdout, int code = 0) =>
        QueueDrain.Read(Mail1, new Exited(Mail1, code, stdout, "", TimeSpan.Zero), TimeSpan.FromSeconds(10));

    [Fact]
    public void Command_IsNull_WhenNoQueueCountIsConfigured() =>
        Assert.Null(QueueDrain.Command(new MirrorOptions { QueueFlushCommand = "postqueue -f" }, NodePlatform.Linux));

    [Fact]
    public void Command_FlushesOnceThenCountsWithinTheBound_InOneShellCommand()
    {
        var command = QueueDrain.Command(Postfix, NodePlatform.Linux)!;

        Assert.Equal("drain-mail", command.Name);
        Assert.True(command.Text.IndexOf("postqueue -f", StringComparison.Ordinal) < command.Text.IndexOf("postqueue -j | wc -l", StringComparison.Ordinal));
        // 10 s in looks 0.1 s apart; the SSH command's own bound leaves room around it.
        Assert.Contains("[ $i -ge 100 ]", command.Text, StringComparison.Ordinal);
        Assert.True(command.Timeout > Postfix.DrainTimeout);
    }

    [Fact]
    public void Command_LooksOnceASecond_OnSolaris() =>
        Assert.Contains("[ $i -ge 10 ]; then break; fi; sleep 1;", QueueDrain.Command(Postfix, NodePlatform.Solaris)!.Text, StringComparison.Ordinal);

    [Fact]
    public async Task Command_PrintsWhatIsLeft_WhenRunByAShell()
    {
        var mirror = new MirrorOptions { QueueCountCommand = "echo '  3'", DrainTimeout = TimeSpan.FromSeconds(1) };
        var script = QueueDrain.Command(mirror, NodePlatform.Linux)!.Text;

        var (code, stdout) = await ShAsync(script);

        Assert.Equal(0, code);
        Assert.Equal(new MailLeftQueued(Mail1, 3, mirror.DrainTimeout), QueueDrain.Read(Mail1, new Exited(Mail1, code, stdout, "", TimeSpan.Zero), mirror.DrainTimeout));
    }

    [Fact]
    public async Task Command_EndsAtOnce_WhenTheQueueIsEmpty()
    {
        var script = QueueDrain.Command(new MirrorOptions { QueueFlushCommand = "false", QueueCountCommand = "echo 0" }, NodePlatform.Linux)!.Text;

        var (code, stdout) = await ShAsync(script);

        Assert.Equal((0, "queued 0"), (code, stdout.Trim()));
    }

    [Fact]
    public async Task Command_Fails_WhenTheCountCommandFails()
    {
        var (code, _) = await ShAsync(QueueDrain.Command(new MirrorOptions { QueueCountCommand = "exit 7" }, NodePlatform.Linux)!.Text);

        Assert.Equal(3, code);
    }

    [Fact]
    public void Read_IsEmpty_WhenNothingIsQueued() => Assert.Equal(new QueueEmpty(Mail1), Read("queued 0\n"));

    [Fact]
    public void Read_CountsWhatIsLeft() => Assert.Equal(new MailLeftQueued(Mail1, 4, TimeSpan.FromSeconds(10)), Read("queued 4\n"));

    [Theory]
    [InlineData("queued \n")]
    [InlineData("queued many\n")]
    [InlineData("queued -1\n")]
    [InlineData("")]
    public void Read_IsUnknown_WhenTheCountIsNotANumberOfMessages(string stdout) => Assert.IsType<QueueUnknown>(Read(stdout));

    [Fact]
    public void Read_IsUnknown_WhenTheCommandFailed() => Assert.IsType<QueueUnknown>(Read("", code: 3));

    private static async Task<(int Code, string StdOut)> ShAsync(string script)
    {
        using var sh = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/bin/sh", ["-c", script]) { RedirectStandardOutput = true })!;
        var stdout = await sh.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await sh.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (sh.ExitCode, stdout);
    }
}
