using System.Net.Sockets;
using System.Text;
using MailHa.IntegrationTests.Lab;

namespace MailHa.IntegrationTests.EndToEnd;

/// <summary>
/// The lab as <c>lab up</c> leaves it, which every end-to-end test starts from and returns to: the VIP on mail1
/// only, and no roles state file on either host (the journal is per test, so nothing else remembers a move).
/// </summary>
public sealed class EndToEndBaseline(LabFixture lab)
{
    private readonly string _vip = Vip(lab, "Address");
    private readonly string _prefix = Vip(lab, "PrefixLength");
    private readonly string _interface = Vip(lab, "Interface");
    private readonly string _label = Vip(lab, "Label");
    private readonly int _port = int.Parse(Vip(lab, "ServicePort"), System.Globalization.CultureInfo.InvariantCulture);
    private readonly string _stateFile = lab.ReadConfig()["MailHa"]!["Mirror"]!["StateFile"]!.ToString();

    public string VipAddress => _vip;

    /// <summary>Puts the VIP back on mail1 (only), removes both state files, and waits until the VIP answers from mail1.</summary>
    public async Task RestoreAsync(CancellationToken cancellationToken)
    {
        // Never two holders, not even for a moment: off mail2 first, then on mail1.
        var held = $"ip -o addr show dev {_interface} | grep -q ' inet {_vip}/'";
        await lab.ExecAsync("mail2", $"if {held}; then ip addr del {_vip}/{_prefix} dev {_interface}; fi; rm -f {_stateFile}");
        await lab.ExecAsync("mail1", $"if ! {held}; then ip addr add {_vip}/{_prefix} dev {_interface} label {_label}; fi; rm -f {_stateFile}");

        // The root namespace may still map the VIP to mail2's MAC: announce from mail1 until it answers from there.
        var back = await Eventually.TrueAsync(
            async () =>
            {
                if (await HolderAsync(cancellationToken) == "mail1")
                {
                    return true;
                }

                await lab.ExecAsync("mail1", $"arping -U -q -c 1 -I {_interface} {_vip} || true");
                return false;
            },
            TimeSpan.FromSeconds(30),
            cancellationToken);
        Assert.True(back, $"the lab's VIP {_vip} does not answer from mail1 after restoring it");

        // `lab status` exits 0 only when every daemon is up, no link is cut and exactly one host holds the VIP.
        await lab.RunAsync("status");
    }

    /// <summary>Who answers SMTP on the VIP (the host name in the lab's banner, "220 mail2.lab ESMTP ..."), or null when nobody does.</summary>
    public async Task<string?> HolderAsync(CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            await client.ConnectAsync(_vip, _port, patience.Token);
            using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
            var banner = await reader.ReadLineAsync(patience.Token);
            return banner is { } line && line.StartsWith("220 ", StringComparison.Ordinal) ? line[4..].Split('.', ' ')[0] : null;
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static string Vip(LabFixture lab, string key) => lab.ReadConfig()["MailHa"]!["Vip"]![key]!.ToString();
}
