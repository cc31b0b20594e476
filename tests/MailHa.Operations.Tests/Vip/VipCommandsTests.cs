using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Tests.Vip;

public class VipCommandsTests
{
    private static readonly VipOptions LinuxVip = new() { Address = "198.18.15.10", PrefixLength = 24, Interface = "eth0", Label = "eth0:mail" };
    private static readonly VipOptions SolarisVip = new() { Address = "198.18.15.10", PrefixLength = 24, Interface = "ge1", Label = "ge1:2" };

    [Fact]
    public void DuplicateProbe_IsOneArpProbeAnsweredWithinHalfASecond_WhenLinux()
    {
        var probe = VipCommands.DuplicateProbe(NodePlatform.Linux, LinuxVip);

        Assert.Equal("timeout 0.5 arping -D -q -c 1 -w 1 -I eth0 198.18.15.10; rc=$?; [ $rc -ne 124 ] || rc=0; exit $rc", probe.Text);
    }

    [Fact]
    public void DuplicateProbe_IsOnePingBoundedAtOneSecondFailingOnAnswer_WhenSolaris()
    {
        var probe = VipCommands.DuplicateProbe(NodePlatform.Solaris, SolarisVip);

        Assert.StartsWith("if /usr/sbin/ping 198.18.15.10 1 ", probe.Text, StringComparison.Ordinal);
        Assert.EndsWith("exit 1; fi", probe.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Announce_StartsBoundedArpingDetachedAfterCheckingItCanRun_WhenLinux()
    {
        var announce = VipCommands.Announce(NodePlatform.Linux, LinuxVip);

        Assert.NotNull(announce);
        Assert.Contains("command -v arping >/dev/null || {", announce.Text, StringComparison.Ordinal);
        Assert.Contains("[ -e /sys/class/net/eth0 ] || {", announce.Text, StringComparison.Ordinal);
        Assert.EndsWith("nohup setsid arping -U -q -c 3 -w 4 -I eth0 198.18.15.10 </dev/null >/dev/null 2>&1 & echo $! > '/var/run/mailha-vip-announce.pid'", announce.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Drop_StopsTheNodesOwnAnnounceBeforeTakingTheAddressDown_WhenLinux()
    {
        var names = VipCommands.Drop(NodePlatform.Linux, LinuxVip).Select(c => c.Name);

        Assert.Equal(["stop-announce", "ip-addr-del"], names);
    }

    [Fact]
    public async Task StopAnnounce_KillsTheRecordedArpingAndForgetsIt()
    {
        var directory = Directory.CreateTempSubdirectory("mailha-announce-");
        var arping = Path.Combine(directory.FullName, "arping");
        File.Copy("/bin/sleep", arping);
        using var announce = System.Diagnostics.Process.Start(arping, "30");
        var vip = new VipOptions { Address = "198.18.15.10", Interface = "eth0", Label = "eth0:mail", AnnouncePidFile = Path.Combine(directory.FullName, "announce.pid") };
        await File.WriteAllTextAsync(vip.AnnouncePidFile, $"{announce.Id}\n", TestContext.Current.CancellationToken);

        await RunLocallyAsync(StopAnnounce(vip));

        Assert.True(announce.WaitForExit(TimeSpan.FromSeconds(10)));
        Assert.False(File.Exists(vip.AnnouncePidFile));
        directory.Delete(recursive: true);
    }

    [Fact]
    public async Task StopAnnounce_LeavesAProcessThatIsNotArpingAlone_WhenItsPidWasReused()
    {
        var directory = Directory.CreateTempSubdirectory("mailha-announce-");
        using var other = System.Diagnostics.Process.Start("/bin/sleep", "30");
        var vip = new VipOptions { Address = "198.18.15.10", Interface = "eth0", Label = "eth0:mail", AnnouncePidFile = Path.Combine(directory.FullName, "announce.pid") };
        await File.WriteAllTextAsync(vip.AnnouncePidFile, $"{other.Id}\n", TestContext.Current.CancellationToken);

        await RunLocallyAsync(StopAnnounce(vip));

        Assert.False(other.HasExited);
        Assert.False(File.Exists(vip.AnnouncePidFile));
        other.Kill();
        await other.WaitForExitAsync(TestContext.Current.CancellationToken);
        directory.Delete(recursive: true);
    }

    private static string StopAnnounce(VipOptions vip) => VipCommands.Drop(NodePlatform.Linux, vip).Single(c => c.Name == "stop-announce").Text;

    private static async Task RunLocallyAsync(string script)
    {
        using var shell = System.Diagnostics.Process.Start("/bin/sh", ["-c", script]);
        await shell.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, shell.ExitCode);
    }

    [Fact]
    public void Announce_IsNone_WhenSolarisAnnouncesOnIfconfigUp()
    {
        Assert.Null(VipCommands.Announce(NodePlatform.Solaris, SolarisVip));
    }
}
