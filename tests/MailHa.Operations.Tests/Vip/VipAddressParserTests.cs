using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Tests.Vip;

public class VipAddressParserTests
{
    private const string LinuxWithVip = """
        1: lo    inet 127.0.0.1/8 scope host lo\       valid_lft forever preferred_lft forever
        2: eth0    inet 198.18.15.1/24 brd 198.18.15.255 scope global eth0\       valid_lft forever preferred_lft forever
        2: eth0    inet 198.18.15.10/24 scope global secondary eth0:mail\       valid_lft forever preferred_lft forever
        """;

    private const string SolarisUp = """
        lo0: flags=2001000849<UP,LOOPBACK,RUNNING,MULTICAST,IPv4,VIRTUAL> mtu 8232 index 1
                inet 127.0.0.1 netmask ff000000
        ge1: flags=1000843<UP,BROADCAST,RUNNING,MULTICAST,IPv4> mtu 1500 index 2
                inet 198.18.15.2 netmask ffffff00 broadcast 198.18.15.255
                ether 0:3:ba:1:2:3
        ge1:2: flags=1000843<UP,BROADCAST,RUNNING,MULTICAST,IPv4> mtu 1500 index 2
                inet 198.18.15.10 netmask ffffff00 broadcast 198.18.15.255
        """;

    [Fact]
    public void Holds_IsTrue_WhenLinuxListsVipOnLabel()
    {
        Assert.True(VipAddressParser.Holds(NodePlatform.Linux, LinuxWithVip, "198.18.15.10"));
    }

    [Fact]
    public void Holds_IsFalse_WhenLinuxListsOnlyAPrefixOfVip()
    {
        Assert.False(VipAddressParser.Holds(NodePlatform.Linux, LinuxWithVip, "198.18.15.100"));
    }

    [Fact]
    public void Holds_IsTrue_WhenSolarisLogicalInterfaceIsUp()
    {
        Assert.True(VipAddressParser.Holds(NodePlatform.Solaris, SolarisUp, "198.18.15.10"));
    }

    [Fact]
    public void Holds_IsFalse_WhenSolarisLogicalInterfaceIsPlumbedButDown()
    {
        var down = SolarisUp.Replace("ge1:2: flags=1000843<UP,BROADCAST,RUNNING,MULTICAST,IPv4>", "ge1:2: flags=1000842<BROADCAST,RUNNING,MULTICAST,IPv4>", StringComparison.Ordinal);

        Assert.False(VipAddressParser.Holds(NodePlatform.Solaris, down, "198.18.15.10"));
    }
}
