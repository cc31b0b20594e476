using MailHa.Operations.Vip;

namespace MailHa.IntegrationTests.Lab;

/// <summary>
/// Puts the VIP on a second host on purpose (split brain) and takes it off again. Always pair them in try/finally:
/// <see cref="RemoveAsync"/> also re-announces the real holder and waits until the VIP answers with its banner.
/// </summary>
public sealed class LabVip(LabFixture lab)
{
    private readonly string _address = lab.ReadConfig()["MailHa"]!["Vip"]!["Address"]!.GetValue<string>();
    private readonly int _prefixLength = lab.ReadConfig()["MailHa"]!["Vip"]!["PrefixLength"]!.GetValue<int>();
    private readonly string _interface = lab.ReadConfig()["MailHa"]!["Vip"]!["Interface"]!.GetValue<string>();
    private readonly string _label = lab.ReadConfig()["MailHa"]!["Vip"]!["Label"]!.GetValue<string>();

    public Task AddAsync(string host) =>
        lab.ExecAsync(host, $"ip addr add {_address}/{_prefixLength} dev {_interface} label {_label}");

    /// <summary>Removes the VIP from <paramref name="host"/>; <paramref name="holder"/> announces it again (gratuitous ARP).</summary>
    public async Task RemoveAsync(string host, string holder, CancellationToken cancellationToken)
    {
        await lab.ExecAsync(host, $"! ip -o addr show dev {_interface} | grep -q ' inet {_address}/' || ip addr del {_address}/{_prefixLength} dev {_interface}");
        await lab.ExecAsync(holder, $"arping -U -q -c 2 -i 0.2 -I {_interface} {_address} || true");
        var probe = new TcpServiceProbe();
        var back = await Eventually.TrueAsync(
            async () => await probe.ProbeAsync(_address, 25, TimeSpan.FromSeconds(2), cancellationToken) is Answered { Banner: var banner }
                && banner.StartsWith($"220 {holder}.lab ", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            cancellationToken);
        if (!back)
        {
            throw new InvalidOperationException($"the VIP {_address} does not answer as {holder} after removing it from {host}");
        }
    }
}
