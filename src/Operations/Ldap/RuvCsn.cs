using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace MailHa.Operations.Ldap;

/// <summary>
/// A Sun ONE / 389 DS change sequence number: 20 hex digits, <c>tttttttt ssss rrrr uuuu</c> = epoch seconds,
/// sequence within that second, replica id, sub-sequence. E.g. <c>3b0ec2d6000100010000</c>.
/// </summary>
public sealed record RuvCsn(DateTimeOffset Timestamp, int SequenceNumber, int ReplicaId, int SubSequenceNumber)
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out RuvCsn? csn)
    {
        csn = null;
        text = text?.Trim();
        if (text is not { Length: 20 } || !text.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        var seconds = long.Parse(text.AsSpan(0, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        csn = new RuvCsn(
            DateTimeOffset.FromUnixTimeSeconds(seconds),
            int.Parse(text.AsSpan(8, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            int.Parse(text.AsSpan(12, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            int.Parse(text.AsSpan(16, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        return true;
    }

    /// <summary>Orders CSNs of one replica: time, sequence, sub-sequence.</summary>
    public static IComparer<RuvCsn> Order { get; } = Comparer<RuvCsn>.Create((a, b) =>
    {
        var byTime = a.Timestamp.CompareTo(b.Timestamp);
        if (byTime != 0)
        {
            return byTime;
        }

        var bySequence = a.SequenceNumber.CompareTo(b.SequenceNumber);
        return bySequence != 0 ? bySequence : a.SubSequenceNumber.CompareTo(b.SubSequenceNumber);
    });

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Timestamp.ToUnixTimeSeconds():x8}{SequenceNumber:x4}{ReplicaId:x4}{SubSequenceNumber:x4}");
}
