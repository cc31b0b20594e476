using System.Globalization;

namespace MailHa.Operations.Audit;

/// <summary>
/// The audit chain's head: the newest entry's sequence number and hash, written <c>SEQ:HASH</c>. Kept outside the
/// database (alert channels, the heartbeat, the on-call notes), it proves later that the chain still extends it: a
/// rewrite of the whole chain changes every hash from the first altered entry on.
/// </summary>
public sealed record AuditHead(long Seq, string Hash)
{
    public const string Format = "SEQ:HASH (the entry's sequence number and the 64 hex digits of its hash, as posted)";

    public override string ToString() => $"{Seq}:{Hash}";

    /// <summary>The line posted with it: the head, and how to check it later.</summary>
    public string Describe() => $"Audit chain head {this}: keep it; 'mailha audit verify --head {this}' proves later that the trail still extends it.";

    /// <summary>A head as posted, or null when <paramref name="text"/> is not <c>SEQ:HASH</c>.</summary>
    public static AuditHead? Parse(string? text)
    {
        if (text?.Trim().Split(':') is not [var seq, var hash]
            || !long.TryParse(seq, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1
            || hash.Length != 64 || !hash.All(char.IsAsciiHexDigit))
        {
            return null;
        }

        return new AuditHead(number, hash.ToLowerInvariant());
    }
}
