using System.Globalization;

namespace MailHa.Operations.Ldap;

/// <summary>LDAP GeneralizedTime as directory servers write it in UTC: <c>20261125163012Z</c>, optionally with a fraction.</summary>
internal static class GeneralizedTime
{
    /// <summary>Parses <c>YYYYmmddHHMMSS[.f{1,7}]Z</c>; <c>0</c> or empty (never happened) gives null.</summary>
    public static bool TryParse(string? text, out DateTimeOffset? value)
    {
        value = null;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text) || text == "0")
        {
            return true;
        }

        if (text.Length < 15 || text[^1] is not ('Z' or 'z'))
        {
            return false;
        }

        var body = text[..^1];
        var dot = body.IndexOfAny(['.', ',']);
        var digits = dot < 0 ? body : body[..dot];
        var fraction = dot < 0 ? "" : body[(dot + 1)..];
        if (fraction.Length > 7 || !fraction.All(char.IsAsciiDigit) || !TryParseDigits(digits, fraction, out var parsed))
        {
            return false;
        }

        value = parsed;
        return true;
    }

    /// <summary>Fourteen digits <c>YYYYmmddHHMMSS</c> plus up to seven fraction digits, as UTC.</summary>
    public static bool TryParseDigits(string digits, string fraction, out DateTimeOffset value)
    {
        value = default;
        if (!DateTime.TryParseExact(digits, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var seconds))
        {
            return false;
        }

        var ticks = fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(7, '0'), NumberStyles.None, CultureInfo.InvariantCulture);
        value = new DateTimeOffset(DateTime.SpecifyKind(seconds, DateTimeKind.Utc).AddTicks(ticks));
        return true;
    }
}
