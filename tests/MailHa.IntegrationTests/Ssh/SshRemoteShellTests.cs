using MailHa.IntegrationTests.Lab;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace MailHa.IntegrationTests.Ssh;

[Collection(LabCollection.Name)]
public sealed class SshRemoteShellTests(LabFixture lab)
{
    private static readonly NodeName Mail1 = new("mail1");
    private static readonly NodeName Mail2 = new("mail2");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("mail1", "198.18.15.1")]
    [InlineData("mail2", "198.18.15.2")]
    public async Task RunAsync_ReturnsOutputAndExitCode_OnEachNode(string node, string address)
    {
        lab.RequireLab();
        using var host = LabServices.Build(lab);
        var shell = host.Services.GetRequiredService<IRemoteShell>();

        var outcome = await shell.RunAsync(new NodeName(node), new RemoteCommand("addresses", "ip -o -4 addr show dev eth0"), Token);

        var exited = Assert.IsType<Exited>(outcome);
        Assert.Equal(0, exited.Code);
        Assert.Contains($"inet {address}/24", exited.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ReturnsExitedWithCodeAndStderr_WhenCommandFails()
    {
        lab.RequireLab();
        using var host = LabServices.Build(lab);
        var shell = host.Services.GetRequiredService<IRemoteShell>();

        var outcome = await shell.RunAsync(Mail1, new RemoteCommand("fail", "echo partial; echo broken >&2; exit 3"), Token);

        var exited = Assert.IsType<Exited>(outcome);
        Assert.Equal(3, exited.Code);
        Assert.Equal("partial\n", exited.StdOut);
        Assert.Equal("broken\n", exited.StdErr);
        Assert.False(exited.Succeeded);
    }

    [Fact]
    public async Task RunAsync_ReusesOneConnection_ForCommandsInParallel()
    {
        lab.RequireLab();
        using var host = LabServices.Build(lab);
        var shell = host.Services.GetRequiredService<IRemoteShell>();

        // Each SSH session reports its client port; one reused connection means one port.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            shell.RunAsync(Mail2, new RemoteCommand("client-port", "echo \"$SSH_CONNECTION\" | cut -d' ' -f2"), Token)));

        var ports = outcomes.Select(o => Assert.IsType<Exited>(o).StdOut.Trim()).Distinct().ToList();
        Assert.Single(ports);
    }

    [Fact]
    public async Task RunAsync_RefusesWithBothFingerprints_WhenPinnedHostKeyDiffers()
    {
        lab.RequireLab();
        const string wrong = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        using var host = LabServices.Build(lab, new Dictionary<string, string?> { ["MailHa:Nodes:0:HostKeyFingerprint"] = wrong });
        var shell = host.Services.GetRequiredService<IRemoteShell>();
        var real = lab.ReadConfig()["MailHa"]!["Nodes"]![0]!["HostKeyFingerprint"]!.GetValue<string>();

        var outcome = await shell.RunAsync(Mail1, new RemoteCommand("hostname", "hostname"), Token);

        var rejected = Assert.IsType<HostKeyRejected>(outcome);
        Assert.Equal(Mail1, rejected.Node);
        Assert.Equal(wrong, rejected.Expected);
        Assert.Equal(real, rejected.Presented);
        Assert.Contains("mail1", rejected.Describe(), StringComparison.Ordinal);
        Assert.Contains(real, rejected.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ReportsUnreachable_NotTimedOut_WhenNodeLinkIsDown()
    {
        lab.RequireLab();
        // Command timeout far above the connect timeout: a TimedOut result would mean we waited for the wrong clock.
        using var host = LabServices.Build(lab, new Dictionary<string, string?> { ["MailHa:Ssh:CommandTimeout"] = "00:02:00" });
        var shell = host.Services.GetRequiredService<IRemoteShell>();
        await lab.RunAsync("cut", "mail2");
        try
        {
            var outcome = await shell.RunAsync(Mail2, new RemoteCommand("hostname", "hostname"), Token);

            var unreachable = Assert.IsType<Unreachable>(outcome);
            Assert.Equal(Mail2, unreachable.Node);
        }
        finally
        {
            await lab.RunAsync("restore", "mail2");
        }
    }

    [Fact]
    public async Task RunAsync_ReportsUnreachable_WhenCachedConnectionsLinkGoesDown()
    {
        lab.RequireLab();
        using var host = LabServices.Build(lab, new Dictionary<string, string?> { ["MailHa:Ssh:CommandTimeout"] = "00:02:00" });
        var shell = host.Services.GetRequiredService<IRemoteShell>();
        Assert.True((await shell.RunAsync(Mail2, new RemoteCommand("true", "true"), Token)).Succeeded);
        await lab.RunAsync("cut", "mail2");
        try
        {
            var outcome = await shell.RunAsync(Mail2, new RemoteCommand("hostname", "hostname"), Token);

            Assert.IsType<Unreachable>(outcome);
        }
        finally
        {
            await lab.RunAsync("restore", "mail2");
        }

        // And the connection is re-made once the link is back (the first attempt may still meet the link coming up:
        // neighbour resolution starts over after a cut).
        Assert.True(await Eventually.TrueAsync(
            async () => (await shell.RunAsync(Mail2, new RemoteCommand("true", "true"), Token)).Succeeded,
            TimeSpan.FromSeconds(30),
            Token));
    }

    [Fact]
    public async Task RunAsync_AnswersLiveNodeBeforeDeadOne_WhenCachedConnectionsLinkGoesDown()
    {
        lab.RequireLab();
        using var host = LabServices.Build(lab, new Dictionary<string, string?> { ["MailHa:Ssh:CommandTimeout"] = "00:02:00" });
        var shell = host.Services.GetRequiredService<IRemoteShell>();
        Assert.True((await Task.WhenAll(
            shell.RunAsync(Mail1, new RemoteCommand("true", "true"), Token),
            shell.RunAsync(Mail2, new RemoteCommand("true", "true"), Token))).All(o => o.Succeeded));
        await lab.RunAsync("cut", "mail2");
        try
        {
            // Status and the approval preview ask every node at once from one caller: the command on the dead
            // node's held connection must not hold that caller until SSH.NET gives up on it.
            var dead = shell.RunAsync(Mail2, new RemoteCommand("hostname", "hostname"), Token);
            var live = await shell.RunAsync(Mail1, new RemoteCommand("hostname", "hostname"), Token);

            Assert.False(dead.IsCompleted, "the command on the dead node held its caller");
            Assert.True(live.Succeeded);
            Assert.IsType<Unreachable>(await dead);
        }
        finally
        {
            await lab.RunAsync("restore", "mail2");
        }
    }

    [Fact]
    public async Task RunAsync_ReportsUnreachable_WhenCommandTimesOutOnConnectionThatDiedMeanwhile()
    {
        lab.RequireLab();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var host = LabServices.Build(lab, configure: s => s.AddSingleton<TimeProvider>(time));
        var shell = host.Services.GetRequiredService<IRemoteShell>();
        var marker = $"mailha-dying-{Guid.NewGuid():N}";
        var pattern = "[m]" + marker[1..];
        var sleeper = shell.RunAsync(Mail2, new RemoteCommand("sleeper", $"exec -a {marker} sleep 60", TimeSpan.FromSeconds(10)), Token);
        Assert.True(await Eventually.TrueAsync(
            async () => await shell.RunAsync(Mail2, new RemoteCommand("pgrep", $"pgrep -f '{pattern}'"), Token) is Exited { Code: 0 },
            TimeSpan.FromSeconds(15),
            Token));
        await lab.RunAsync("cut", "mail2");
        try
        {
            // The command's time is up only now, on a link that no longer answers: the kill cannot be carried,
            // so the node is reported lost (not the command killed) and the dead connection is not kept.
            time.Advance(TimeSpan.FromSeconds(11));

            var lost = Assert.IsType<Unreachable>(await sleeper);
            Assert.Contains("could not be killed", lost.Describe(), StringComparison.Ordinal);
        }
        finally
        {
            await lab.RunAsync("restore", "mail2");
        }

        // The connection is re-made once the link is back; through it, the sleeper left behind is stopped by its PID.
        Assert.True(await Eventually.TrueAsync(
            async () => (await shell.RunAsync(Mail2, new RemoteCommand("stop-sleeper", $"pid=$(pgrep -f '{pattern}'); [ -z \"$pid\" ] || kill $pid"), Token)).Succeeded,
            TimeSpan.FromSeconds(30),
            Token));
    }

    [Fact]
    public async Task RunAsync_ReportsTimedOutAndKillsRemoteCommand_WhenCommandOutlivesTimeout()
    {
        lab.RequireLab();
        using var host = LabServices.Build(lab);
        var shell = host.Services.GetRequiredService<IRemoteShell>();
        var marker = $"mailha-timeout-{Guid.NewGuid():N}";

        var outcome = await shell.RunAsync(Mail1, new RemoteCommand("sleeper", $"exec -a {marker} sleep 60", TimeSpan.FromSeconds(1)), Token);

        var timedOut = Assert.IsType<TimedOut>(outcome);
        Assert.Equal(TimeSpan.FromSeconds(1), timedOut.After);

        // The channel was closed and the remote process is gone: poll until pgrep finds nothing.
        // '[m]' keeps pgrep's own shell from matching the pattern.
        var pattern = "[m]" + marker[1..];
        var gone = await Eventually.TrueAsync(async () =>
        {
            var check = await shell.RunAsync(Mail1, new RemoteCommand("pgrep", $"pgrep -f '{pattern}' || echo none"), Token);
            return check is Exited { StdOut: var o } && o.Trim() == "none";
        }, TimeSpan.FromSeconds(15), Token);
        Assert.True(gone, "the timed-out remote command is still running");

        // The connection survives for the next command.
        Assert.True((await shell.RunAsync(Mail1, new RemoteCommand("true", "true"), Token)).Succeeded);
    }

    // The kept shell: read-only commands (the address listing of every status call) run in one long-lived POSIX sh
    // per node instead of a new exec channel each, with the same outcomes.

    private static RemoteCommand ReadOnly(string name, string text, TimeSpan? timeout = null) => new(name, text, timeout) { ReadOnly = true };

    [Fact]
    public async Task RunAsync_RunsReadOnlyCommandsInOneKeptShell_AndOthersOnChannelsOfTheirOwn()
    {
        lab.RequireLab();
        using var host = LabServices.Build(lab);
        var shell = host.Services.GetRequiredService<IRemoteShell>();

        // $$ is the shell's own PID (a subshell's too): one kept shell answers every read-only command in turn.
        var kept = new List<string>();
        var own = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            kept.Add(Assert.IsType<Exited>(await shell.RunAsync(Mail1, ReadOnly("pid", "echo $$"), Token)).StdOut);
            own.Add(Assert.IsType<Exited>(await shell.RunAsync(Mail1, new RemoteCommand("pid", "echo $$"), Token)).StdOut);
        }

        Assert.Single(kept.Distinct());
        Assert.Equal(3, own.Distinct().Count());
        Assert.DoesNotContain(kept[0], own);
    }

    [Fact]
    public async Task RunAsync_ReturnsExitedWithCodeAndStderr_WhenReadOnlyCommandFails()
    {
        lab.RequireLab();
        using var host = LabServices.Build(lab);
        var shell = host.Services.GetRequiredService<IRemoteShell>();

        var outcomes = new List<CommandOutcome>();
        for (var i = 0; i < 2; i++)
        {
            outcomes.Add(await shell.RunAsync(Mail1, ReadOnly("fail", "echo partial; echo broken >&2; exit 3"), Token));
        }

        Assert.All(outcomes, outcome =>
        {
            var exited = Assert.IsType<Exited>(outcome);
            Assert.Equal(3, exited.Code);
            Assert.Equal("partial\n", exited.StdOut);
            Assert.Equal("broken\n", exited.StdErr);
        });
        var listing = Assert.IsType<Exited>(await shell.RunAsync(Mail1, VipCommandsListing, Token));
        Assert.Contains("inet 198.18.15.1/24", listing.StdOut, StringComparison.Ordinal);
    }

    private static RemoteCommand VipCommandsListing => MailHa.Operations.Vip.VipCommands.ListAddresses(NodePlatform.Linux);

    [Fact]
    public async Task RunAsync_RefusesReadOnlyCommand_WhenPinnedHostKeyDiffers()
    {
        lab.RequireLab();
        const string wrong = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        using var host = LabServices.Build(lab, new Dictionary<string, string?> { ["MailHa:Nodes:0:HostKeyFingerprint"] = wrong });
        var shell = host.Services.GetRequiredService<IRemoteShell>();

        var outcome = await shell.RunAsync(Mail1, VipCommandsListing, Token);

        Assert.Equal(wrong, Assert.IsType<HostKeyRejected>(outcome).Expected);
    }

    [Fact]
    public async Task RunAsync_ReportsUnreachable_WhenKeptShellsLinkGoesDown()
    {
        lab.RequireLab();
        // Command timeout far above the connect timeout: a TimedOut result would mean we waited for the wrong clock.
        using var host = LabServices.Build(lab, new Dictionary<string, string?> { ["MailHa:Ssh:CommandTimeout"] = "00:02:00" });
        var shell = host.Services.GetRequiredService<IRemoteShell>();
        Assert.True((await shell.RunAsync(Mail2, VipCommandsListing, Token)).Succeeded);
        await lab.RunAsync("cut", "mail2");
        try
        {
            var outcome = await shell.RunAsync(Mail2, VipCommandsListing, Token);

            Assert.Equal(Mail2, Assert.IsType<Unreachable>(outcome).Node);
        }
        finally
        {
            await lab.RunAsync("restore", "mail2");
        }

        // A new connection and kept shell once the link is back.
        Assert.True(await Eventually.TrueAsync(
            async () => (await shell.RunAsync(Mail2, VipCommandsListing, Token)).Succeeded,
            TimeSpan.FromSeconds(30),
            Token));
    }

    [Fact]
    public async Task RunAsync_ReportsTimedOutAndKillsIt_WhenReadOnlyCommandOutlivesTimeout()
    {
        lab.RequireLab();
        using var host = LabServices.Build(lab);
        var shell = host.Services.GetRequiredService<IRemoteShell>();
        var marker = $"mailha-kept-timeout-{Guid.NewGuid():N}";

        var outcome = await shell.RunAsync(Mail1, ReadOnly("sleeper", $"sh -c 'sleep 60; echo {marker}'", TimeSpan.FromSeconds(1)), Token);

        Assert.Equal(TimeSpan.FromSeconds(1), Assert.IsType<TimedOut>(outcome).After);
        var pattern = "[m]" + marker[1..];
        var gone = await Eventually.TrueAsync(async () =>
        {
            var check = await shell.RunAsync(Mail1, new RemoteCommand("pgrep", $"pgrep -f '{pattern}' || echo none"), Token);
            return check is Exited { StdOut: var o } && o.Trim() == "none";
        }, TimeSpan.FromSeconds(15), Token);
        Assert.True(gone, "the timed-out read-only command is still running");

        // The next read-only command is answered (by a new kept shell).
        Assert.True((await shell.RunAsync(Mail1, VipCommandsListing, Token)).Succeeded);
    }

    [Fact]
    public async Task RunAsync_AnswersReadOnlyCommand_WhenItsKeptShellWasKilled()
    {
        lab.RequireLab();
        using var host = LabServices.Build(lab);
        var shell = host.Services.GetRequiredService<IRemoteShell>();
        var first = Assert.IsType<Exited>(await shell.RunAsync(Mail2, ReadOnly("pid", "echo $$"), Token)).StdOut.Trim();

        Assert.True((await shell.RunAsync(Mail2, new RemoteCommand("kill-kept-shell", $"kill -KILL {first}"), Token)).Succeeded);

        // Whether the next command finds the shell gone or meets it dying, it is answered, by another shell.
        var next = Assert.IsType<Exited>(await shell.RunAsync(Mail2, ReadOnly("pid", "echo $$"), Token));
        Assert.Equal(0, next.Code);
        Assert.NotEqual(first, next.StdOut.Trim());
        Assert.True((await shell.RunAsync(Mail2, VipCommandsListing, Token)).Succeeded);
    }
}
