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
    public void ProbeDaemon_ListsModulesWithinConnectTimeout_WhenAskedFromTarget()
    {
        var probe = MirrorScript.ProbeDaemon(Source, TimeSpan.FromSeconds(2));

        Assert.Equal("rsync --contimeout=2 --timeout=2 'rsync://198.18.16.1/' >/dev/null", probe.Text);
    }
}
