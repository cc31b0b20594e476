using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Vip;

/// <summary>
/// The exact commands that inspect, raise and drop the VIP on each platform. Solaris uses separate
/// <c>ifconfig</c> steps (the one-line form is known to misbehave); Linux uses <c>ip</c> with a label.
/// </summary>
public static class VipCommands
{
    /// <summary>
    /// Every address the node has: the reachability check, and each VIP's holder, of status, liveness and plans. Read
    /// only: it runs in the node's kept shell (status asks every node on every call).
    /// </summary>
    public static RemoteCommand ListAddresses(NodePlatform platform) => platform switch
    {
        NodePlatform.Solaris => new("list-interfaces", "/usr/sbin/ifconfig -a") { ReadOnly = true },
        _ => new("list-addresses", "ip -o addr show") { ReadOnly = true },
    };

    /// <summary>Shell fragment that exits 0 when this node has the VIP configured, for guards inside scripts.</summary>
    public static string HoldsVipTest(NodePlatform platform, string vip) => platform switch
    {
        NodePlatform.Solaris => $"/usr/sbin/ifconfig -a | grep 'inet {vip} ' >/dev/null",
        _ => $"ip -o addr show | grep ' inet {vip}/' >/dev/null",
    };

    /// <summary>
    /// The one ARP-level look at the VIP, run on the node that is to take it: exit 0 means nobody on the
    /// segment answers for the address (proof of silence after a fence, and the duplicate-address check
    /// before raising), exit 1 means some host still holds it. At most one second; a reply ends it at once.
    /// </summary>
    public static RemoteCommand DuplicateProbe(NodePlatform platform, VipOptions vip)
    {
        ArgumentNullException.ThrowIfNull(vip);
        return platform switch
        {
            // Solaris 9 has no arping: one echo request with a one-second bound (ping's timeout argument); an
            // answer means someone holds the address. Run only while this node does not hold it itself.
            NodePlatform.Solaris => new("duplicate-address-probe", $"if /usr/sbin/ping {vip.Address} 1 >/dev/null 2>&1; then echo 'duplicate: {vip.Address} answers'; exit 1; fi"),
            // One DAD probe (sender 0.0.0.0) and half a second for an answer: a holder on the segment answers within
            // milliseconds. iputils' own deadline takes whole seconds only, so timeout(1) ends the wait; its 124 is
            // arping's 0, nobody answered.
            _ => new("duplicate-address-probe", $"timeout 0.5 arping -D -q -c 1 -w 1 -I {vip.Interface} {vip.Address}; rc=$?; [ $rc -ne 124 ] || rc=0; exit $rc"),
        };
    }

    /// <summary>
    /// Is the VIP present on the segment, asked from another node: exit 0 when some host answers ARP for it, exit 1
    /// when none does. Two requests, at most two seconds (Solaris 9 has no arping: one echo request, which needs ARP).
    /// </summary>
    public static RemoteCommand ArpPresence(NodePlatform platform, VipOptions vip)
    {
        ArgumentNullException.ThrowIfNull(vip);
        return platform switch
        {
            NodePlatform.Solaris => new("vip-arp-presence", $"/usr/sbin/ping {vip.Address} 2 >/dev/null 2>&1", TimeSpan.FromSeconds(4)),
            _ => new("vip-arp-presence", $"arping -q -c 2 -w 2 -I {vip.Interface} {vip.Address}", TimeSpan.FromSeconds(4)),
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

    /// <summary>
    /// Unsolicited ARP so switches and routers learn the move, as keepalived does: the first packet leaves
    /// as the command starts; the rest go out detached on the node (bounded by arping's own deadline) so the
    /// caller does not wait for them. Its PID is recorded so that dropping the VIP stops it. Exits 127 when the
    /// announcement cannot run there (no arping, no such interface). Solaris announces by itself on <c>ifconfig up</c>.
    /// </summary>
    public static RemoteCommand? Announce(NodePlatform platform, VipOptions vip)
    {
        ArgumentNullException.ThrowIfNull(vip);
        return platform switch
        {
            NodePlatform.Solaris => null,
            // Default 1 s interval (iputils 20221126 rejects a fractional -i): three packets over two seconds
            // outlast the neighbours' locktime (1 s), so every cache takes the new MAC; -w 4 bounds it.
            _ => new("gratuitous-arp",
                $"command -v arping >/dev/null || {{ echo 'arping not found' >&2; exit 127; }}; " +
                $"[ -e /sys/class/net/{vip.Interface} ] || {{ echo 'no interface {vip.Interface}' >&2; exit 127; }}; " +
                $"nohup setsid arping -U -q -c 3 -w 4 -I {vip.Interface} {vip.Address} </dev/null >/dev/null 2>&1 & echo $! > '{vip.AnnouncePidFile}'"),
        };
    }

    /// <summary>
    /// Take the VIP down (fencing). Safe to repeat when it is already down. On Linux the node's own announce is
    /// stopped first, by its recorded PID and only while that PID is still an arping: its unsolicited ARP would
    /// otherwise keep claiming the address for up to four seconds after it is gone, and the new holder's
    /// duplicate-address probe would rightly refuse to raise it.
    /// </summary>
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
                new("stop-announce", $"p=$(cat '{vip.AnnouncePidFile}' 2>/dev/null); if [ -n \"$p\" ] && [ \"$(cat /proc/$p/comm 2>/dev/null)\" = arping ]; then kill $p; fi; rm -f '{vip.AnnouncePidFile}'"),
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
