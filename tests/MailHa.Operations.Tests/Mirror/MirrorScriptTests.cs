using MailHa.Operations.Mirror;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Tests.Mirror;

public class MirrorScriptTests
{
    private static readonly NodeOptions Source = new() { Name = "mail1", MirrorAddress = "198.18.16.1" };
    private static readonly NodeOptions Target = new() { Name = "mail2", MirrorAddress = "198.18.16.2" };
    private static readonly VipOptions Vip = new() { Address = "198.18.15.10", Interface = "eth0", Label = "eth0:mail" };

    [Theory]
    [InlineData(2.0, "--contimeout=2 ")]
    [InlineData(5.0, "--contimeout=5 ")]
    [InlineData(0.5, "--contimeout=1 ")]
    public void Build_ConnectsToSourceDaemonWithinSshConnectTimeout_WhenPulling(double seconds, string expected)
    {
        var script = MirrorScript.Build(new MirrorOptions(), Source, Target, Vip, 3, TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(seconds));

        // Both the sentinel check and the pull itself.
        Assert.Equal(2, script.Text.Split(expected).Length - 1);
        Assert.DoesNotContain("--contimeout=10", script.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_TurnsNagleOffOnBothDaemonConnections_WhenPulling()
    {
        var script = MirrorScript.Build(new MirrorOptions(), Source, Target, Vip, 3, TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(2));

        // The sentinel check and the pull each trade many small messages with the daemon.
        Assert.Equal(2, script.Text.Split("--sockopts=TCP_NODELAY ").Length - 1);
    }

    [Theory]
    [InlineData(NodePlatform.Linux, "/proc/[0-9]*/environ")]
    [InlineData(NodePlatform.Solaris, "pargs -e")]
    public void Build_RefusesBeforeAnythingIsPulled_WhenAnEarlierPullStillRunsOnTheTarget(NodePlatform platform, string finder)
    {
        var mirror = new MirrorOptions { StorePath = "/home1/msgstore/store/partition" };
        var target = new NodeOptions { Name = "mail2", MirrorAddress = "198.18.16.2", Platform = platform };

        var lines = MirrorScript.Build(mirror, Source, target, Vip, 3, TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(5)).Text.Split('\n');

        var marker = MirrorScript.PullMarker(mirror, target);
        Assert.Equal(("MAILHA_MIRROR_PULL", "mail2:/home1/msgstore/store/partition"), (marker.Name, marker.Value));
        var guard = Array.FindIndex(lines, l => l.Contains($"guard {MirrorScript.PullRunning} ", StringComparison.Ordinal));
        var find = Array.FindIndex(lines, l => l.Contains(finder, StringComparison.Ordinal) && l.Contains("MAILHA_MIRROR_PULL=mail2:/home1/msgstore/store/partition", StringComparison.Ordinal));
        var sentinel = Array.FindIndex(lines, l => l.Contains("--list-only", StringComparison.Ordinal));
        var export = Array.IndexOf(lines, marker.Export);
        var pull = Array.FindIndex(lines, l => l.StartsWith("exec rsync ", StringComparison.Ordinal));
        // Looked for before anything touches the source or the store; the mark is put on the pull alone, just before it.
        Assert.True(find >= 0 && find < guard && guard < sentinel && sentinel < export && export == pull - 1, string.Join('\n', lines));
    }

    [Fact]
    public void Build_StopsTheEarlierPullThenLooksAgainBeforeTheGuard_WhenRunInsideAnOperation()
    {
        var refusing = MirrorScript.Build(new MirrorOptions(), Source, Target, Vip, 3, TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(5)).Text.Split('\n');
        var stopping = MirrorScript.Build(new MirrorOptions(), Source, Target, Vip, 3, TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(5), EarlierPull.Stop).Text.Split('\n');

        var stop = Array.FindIndex(stopping, l => l.Contains("kill -TERM $pulls", StringComparison.Ordinal));
        var guard = Array.FindIndex(stopping, l => l.Contains($"guard {MirrorScript.PullRunning} ", StringComparison.Ordinal));
        Assert.DoesNotContain(refusing, l => l.Contains("kill", StringComparison.Ordinal));
        // Stopped, looked for again, and refused only if it survived the KILL.
        Assert.True(stop >= 0 && stop < guard && stopping[stop].Contains("pulls=$(", StringComparison.Ordinal), string.Join('\n', stopping));
    }

    [Fact]
    public void ProbeDaemon_ListsModulesWithinConnectTimeout_WhenAskedFromTarget()
    {
        var probe = MirrorScript.ProbeDaemon(Source, TimeSpan.FromSeconds(2));

        Assert.Equal("rsync --contimeout=2 --timeout=2 'rsync://198.18.16.1/' >/dev/null", probe.Text);
    }
}
