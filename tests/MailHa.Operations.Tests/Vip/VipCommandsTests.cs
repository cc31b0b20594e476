using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Tests.Vip;

public class VipCommandsTests
{
    private static readonly VipOptions LinuxVip = new() { Address = "198.18.15.10", PrefixLength = 24, Interface = "eth0", Label = "eth0:mail" };
    private static readonly VipOptions SolarisVip = new() { Address = "198.18.15.10", PrefixLength = 24, Interface = "ge1", Label = "ge1:2" };

    [Fact]
    public void DuplicateProbe_IsOneArpProbeBoundedAtOneSecond_WhenLinux()
    {
        var probe = VipCommands.DuplicateProbe(NodePlatform.Linux, LinuxVip);

        Assert.Equal("arping -D -q -c 1 -w 1 -I eth0 198.18.15.10", probe.Text);
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
        Assert.EndsWith("nohup setsid arping -U -q -c 3 -w 4 -I eth0 198.18.15.10 </dev/null >/dev/null 2>&1 &", announce.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Announce_IsNone_WhenSolarisAnnouncesOnIfconfigUp()
    {
        Assert.Null(VipCommands.Announce(NodePlatform.Solaris, SolarisVip));
    }
}
