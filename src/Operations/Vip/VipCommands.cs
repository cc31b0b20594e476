using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Vip;

/// <summary>
/// The exact commands that inspect, raise and drop the VIP on each platform. Solaris uses separate
/// <c>ifconfig</c> steps (the one-line form is known to misbehave); Linux uses <c>ip</c> with a label.
/// </summary>
public static class VipCommands
{
    public static RemoteCommand ListAddresses(NodePlatform platform) => platform switch
    {
        NodePlatform.Solaris => new("list-interfaces", "/usr/sbin/ifconfig -a"),
        _ => new("list-addresses", "ip -o addr show"),
    };

    /// <summary>Shell fragment that exits 0 when this node has the VIP configured, for guards inside scripts.</summary>
    public static string HoldsVipTest(NodePlatform platform, string vip) => platform switch
    {
        NodePlatform.Solaris => $"/usr/sbin/ifconfig -a | grep 'inet {vip} ' >/dev/null",
        _ => $"ip -o addr show | grep ' inet {vip}/' >/dev/null",
    };

    /// <summary>Duplicate-address probe before raising: exit 0 means nobody answers for the VIP.</summary>
    public static RemoteCommand DuplicateProbe(NodePlatform platform, VipOptions vip)
    {
        ArgumentNullException.ThrowIfNull(vip);
        return platform switch
        {
            // Solaris 9 has no arping: a ping that gets an answer means someone holds the address.
            NodePlatform.Solaris => new("duplicate-address-probe", $"if /usr/sbin/ping {vip.Address} 2 >/dev/null 2>&1; then echo 'duplicate: {vip.Address} answers'; exit 1; fi"),
            _ => new("duplicate-address-probe", $"arping -D -q -c 2 -w 3 -I {vip.Interface} {vip.Address}"),
        };
    }

    /// <summary>Raise the VIP, one command per step; each is safe to repeat.</summary>
    public static IReadOnlyList<RemoteCommand> Raise(NodePlatform platform, VipOptions vip)
    {
        ArgumentNullException.ThrowIfNull(vip);
        return platform switch
        {
            NodePlatform.Solaris =>
            [
                new("ifconfig-plumb", $"/usr/sbin/ifconfig {vip.Label} >/dev/null 2>&1 || /usr/sbin/ifconfig {vip.Label} plumb"),
                new("ifconfig-inet", $"/usr/sbin/ifconfig {vip.Label} inet {vip.Address}"),
                new("ifconfig-netmask", $"/usr/sbin/ifconfig {vip.Label} netmask {PrefixToMask(vip.PrefixLength)}"),
                new("ifconfig-up", $"/usr/sbin/ifconfig {vip.Label} up"),
            ],
            _ =>
            [
                new("ip-addr-add", $"{HoldsVipTest(platform, vip.Address)} || ip addr add {vip.Address}/{vip.PrefixLength} dev {vip.Interface} label {vip.Label}"),
            ],
        };
    }

    /// <summary>Unsolicited ARP so switches and routers learn the move (Solaris announces on <c>up</c>).</summary>
    public static RemoteCommand? Announce(NodePlatform platform, VipOptions vip)
    {
        ArgumentNullException.ThrowIfNull(vip);
        return platform switch
        {
            NodePlatform.Solaris => null,
            // Default 1 s interval: some iputils releases (20221126 in the lab) reject a fractional -i, and three
            // packets over two seconds outlast the neighbours' locktime (1 s) so every cache takes the new MAC.
            _ => new("gratuitous-arp", $"arping -U -q -c 3 -I {vip.Interface} {vip.Address}; true"),
        };
    }

    /// <summary>Take the VIP down (fencing). Safe to repeat when it is already down.</summary>
    public static IReadOnlyList<RemoteCommand> Drop(NodePlatform platform, VipOptions vip)
    {
        ArgumentNullException.ThrowIfNull(vip);
        return platform switch
        {
            NodePlatform.Solaris =>
            [
                new("ifconfig-down", $"/usr/sbin/ifconfig {vip.Label} >/dev/null 2>&1 && /usr/sbin/ifconfig {vip.Label} down || true"),
                new("ifconfig-unplumb", $"/usr/sbin/ifconfig {vip.Label} >/dev/null 2>&1 && /usr/sbin/ifconfig {vip.Label} unplumb || true"),
            ],
            _ =>
            [
                new("ip-addr-del", $"! {HoldsVipTest(platform, vip.Address)} || ip addr del {vip.Address}/{vip.PrefixLength} dev {vip.Interface}"),
            ],
        };
    }

    public static string PrefixToMask(int prefixLength)
    {
        var mask = prefixLength == 0 ? 0u : uint.MaxValue << (32 - prefixLength);
        return $"{mask >> 24}.{(mask >> 16) & 255}.{(mask >> 8) & 255}.{mask & 255}";
    }
}
