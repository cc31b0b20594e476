using MailHa.Operations.Vip;

namespace MailHa.IntegrationTests.Lab;

/// <summary>
/// The state every lab test starts from and must leave behind, because all tests share one lab:
/// the VIP on mail1 only (and answering from there), no link cut, every daemon running, no roles
/// state file, no test message in either store. Restoring is safe from any state a test can leave.
/// </summary>
public static class LabBaseline
{
    public const string Vip = "198.18.15.10";
    public const string StorePath = "/srv/msgstore/store/partition";
    public const string StateFile = "/srv/state/mailha-roles";

    /// <summary>Messages written by tests start with this, so the restore can remove every one of them.</summary>
    public const string TestMessagePrefix = "mailha-test-";

    public static readonly IReadOnlyList<string> Hosts = ["mail1", "mail2"];

    private static readonly string[] Services = ["sshd", "slapd", "rsyncd", "smtp", "imap", "http"];
    private static readonly string HoldsVip = $"ip -o addr show dev eth0 | grep -q ' inet {Vip}/'";

    public static async Task RestoreAsync(LabFixture lab, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lab);

        // Never two holders, not even for a moment: off mail2 first, then on mail1. lab exec enters the
        // host's namespaces directly, so this works while a link is cut or sshd is stopped.
        await lab.ExecAsync("mail2", $"! {HoldsVip} || ip addr del {Vip}/24 dev eth0");
        await lab.ExecAsync("mail1", $"{HoldsVip} || ip addr add {Vip}/24 dev eth0 label eth0:mail");

        await lab.RunAsync("restore-mirror");
        foreach (var host in Hosts)
        {
            await lab.RunAsync("restore", host);
            foreach (var service in Services)
            {
                await lab.RunAsync("start", host, service);
            }

            // Test files, and mail Postfix delivered (Maildir names end in the host name; the seed's are NNNN.msg).
            await lab.ExecAsync(host, $"rm -f '{StateFile}' '{StateFile}.tmp'; find '{StorePath}' -type f \\( -name '{TestMessagePrefix}*' -o -name '*.mail[12]' -o -name '*.mail[12]:*' \\) -delete");
        }

        // The root namespace may still map the VIP to mail2's MAC: announce from mail1 until it answers from there.
        var back = await Eventually.TrueAsync(
            async () =>
            {
                if (await VipAnswerAsync(cancellationToken) == "mail1")
                {
                    return true;
                }

                await lab.ExecAsync("mail1", $"arping -U -q -c 1 -I eth0 {Vip} || true");
                return false;
            },
            TimeSpan.FromSeconds(30),
            cancellationToken);
        if (!back)
        {
            throw new InvalidOperationException($"the lab could not be restored: the VIP does not answer from mail1 (banner: {await VipBannerAsync(cancellationToken) ?? "none"})");
        }
    }

    /// <summary>Whether the host has the VIP configured, from its own interface list.</summary>
    public static async Task<bool> HoldsVipAsync(LabFixture lab, string host)
    {
        ArgumentNullException.ThrowIfNull(lab);
        var addresses = await lab.ExecAsync(host, "ip -o addr show dev eth0");
        return addresses.Contains($" inet {Vip}/", StringComparison.Ordinal);
    }

    /// <summary>The SMTP banner read from the VIP's port 25 (from the root namespace), or null when nothing answers.</summary>
    public static async Task<string?> VipBannerAsync(CancellationToken cancellationToken) =>
        await new TcpServiceProbe().ProbeAsync(Vip, 25, TimeSpan.FromSeconds(2), cancellationToken) is Answered answered ? answered.Banner : null;

    /// <summary>Which lab host answers on the VIP (the banner is <c>220 &lt;host&gt;.lab ...</c>), or null.</summary>
    public static async Task<string?> VipAnswerAsync(CancellationToken cancellationToken) =>
        await VipBannerAsync(cancellationToken) is { } banner && banner.StartsWith("220 ", StringComparison.Ordinal)
            ? banner[4..].Split('.', ' ')[0]
            : null;
}
