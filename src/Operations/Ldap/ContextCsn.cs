using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MailHa.Operations.Ldap;

/// <summary>
/// One OpenLDAP <c>contextCSN</c> value: <c>YYYYmmddHHMMSS.ffffffZ#count#sid#mod</c>, e.g.
/// <c>20261125163012.123456Z#000000#001#000000</c>. A replicated suffix carries one value per server id:
/// the newest change this server has from that master. Count, server id and mod are hex, as slapd writes them.
/// </summary>
public sealed partial record ContextCsn(DateTimeOffset Timestamp, int ChangeCount, int ServerId, int Modification)
{
    /// <summary>Parses a value as slapd writes it; also accepts the OpenLDAP 2.3 form without microseconds and with a 2-digit sid.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ContextCsn? csn)
    {
        csn = null;
        if (text is null)
        {
            return false;
        }

        var match = Pattern().Match(text.Trim());
        if (!match.Success || !GeneralizedTime.TryParseDigits(match.Groups["time"].Value, match.Groups["fraction"].Value, out var timestamp))
        {
            return false;
        }

        csn = new ContextCsn(
            timestamp,
            int.Parse(match.Groups["count"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            int.Parse(match.Groups["sid"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            int.Parse(match.Groups["mod"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        return true;
    }

    /// <summary>The newest value per server id (a suffix should hold one each; a duplicate keeps the newest).</summary>
    public static IReadOnlyDictionary<int, ContextCsn> LatestByServer(IEnumerable<ContextCsn> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var latest = new Dictionary<int, ContextCsn>();
        foreach (var csn in values)
        {
            if (!latest.TryGetValue(csn.ServerId, out var seen) || Order.Compare(csn, seen) > 0)
            {
                latest[csn.ServerId] = csn;
            }
        }

        return latest;
    }

    /// <summary>Orders values of one server id: time, then change count, then mod.</summary>
    public static IComparer<ContextCsn> Order { get; } = Comparer<ContextCsn>.Create((a, b) =>
    {
        var byTime = a.Timestamp.CompareTo(b.Timestamp);
        if (byTime != 0)
        {
            return byTime;
        }

        var byCount = a.ChangeCount.CompareTo(b.ChangeCount);
        return byCount != 0 ? byCount : a.Modification.CompareTo(b.Modification);
    });

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Timestamp.UtcDateTime:yyyyMMddHHmmss.ffffff}Z#{ChangeCount:x6}#{ServerId:x3}#{Modification:x6}");

    [GeneratedRegex(@"^(?<time>\d{14})(?:\.(?<fraction>\d{1,6}))?Z#(?<count>[0-9A-Fa-f]{6})#(?<sid>[0-9A-Fa-f]{2,3})#(?<mod>[0-9A-Fa-f]{6})$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
