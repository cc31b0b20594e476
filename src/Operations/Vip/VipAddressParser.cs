using System.Text.RegularExpressions;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Vip;

/// <summary>Reads whether a node holds the VIP from <c>ip -o addr</c> (Linux) or <c>ifconfig -a</c> (Solaris).</summary>
public static partial class VipAddressParser
{
    public static bool Holds(NodePlatform platform, string output, string vip)
    {
        ArgumentNullException.ThrowIfNull(output);
        return platform == NodePlatform.Solaris ? SolarisHolds(output, vip) : LinuxHolds(output, vip);
    }

    private static bool LinuxHolds(string output, string vip) =>
        output.Split('\n').Any(line => line.Contains($" inet {vip}/", StringComparison.Ordinal));

    // ifconfig -a prints a header line per (logical) interface with its flags, then indented details.
    // The VIP counts only when its logical interface is UP: a plumbed-but-down ge1:2 serves nobody.
    private static bool SolarisHolds(string output, string vip)
    {
        string? flags = null;
        foreach (var line in output.Split('\n'))
        {
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]))
            {
                var m = SolarisFlags().Match(line);
                flags = m.Success ? m.Groups[1].Value : "";
                continue;
            }

            var trimmed = line.Trim();
            if (flags is not null && trimmed.StartsWith($"inet {vip} ", StringComparison.Ordinal) && flags.Split(',').Contains("UP"))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"flags=[0-9a-fA-F]+<([^>]*)>", RegexOptions.CultureInvariant)]
    private static partial Regex SolarisFlags();
}
