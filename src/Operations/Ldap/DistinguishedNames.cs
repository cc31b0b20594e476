using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace MailHa.Operations.Ldap;

/// <summary>
/// Just enough DN handling to compare configured DNs (RFC 4514 string form): split into RDNs on unescaped
/// commas, compare attribute types and values case-insensitively with spaces around separators ignored.
/// </summary>
internal static class DistinguishedNames
{
    /// <summary>Normalised RDNs, leaf first (<c>cn=x, O=Usergroup</c> → <c>["cn=x", "o=usergroup"]</c>).</summary>
    public static bool TryParse(string? dn, [NotNullWhen(true)] out IReadOnlyList<string>? rdns)
    {
        rdns = null;
        if (string.IsNullOrWhiteSpace(dn))
        {
            return false;
        }

        var result = new List<string>();
        foreach (var rdn in Split(dn, ',', ';'))
        {
            var avas = new List<string>();
            foreach (var ava in Split(rdn, '+'))
            {
                var eq = IndexOfUnescaped(ava, '=');
                if (eq <= 0)
                {
                    return false;
                }

                var type = ava[..eq].Trim();
                var value = ava[(eq + 1)..].Trim();
                if (type.Length == 0 || value.Length == 0 || !type.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
                {
                    return false;
                }

                avas.Add(type.ToLowerInvariant() + "=" + value.ToLowerInvariant());
            }

            avas.Sort(StringComparer.Ordinal);
            result.Add(string.Join('+', avas));
        }

        rdns = result;
        return true;
    }

    /// <summary>True when <paramref name="dn"/> is <paramref name="suffix"/> or below it.</summary>
    public static bool IsWithin(IReadOnlyList<string> dn, IReadOnlyList<string> suffix)
    {
        if (dn.Count < suffix.Count)
        {
            return false;
        }

        var offset = dn.Count - suffix.Count;
        for (var i = 0; i < suffix.Count; i++)
        {
            if (!string.Equals(dn[offset + i], suffix[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The leaf RDN's attribute type and unescaped value: <c>cn=mailha-canary,o=usergroup</c> → (<c>cn</c>, <c>mailha-canary</c>).</summary>
    public static bool TryGetLeaf(string dn, [NotNullWhen(true)] out string? type, [NotNullWhen(true)] out string? value)
    {
        type = value = null;
        var first = Split(dn, ',', ';').FirstOrDefault();
        if (first is null || Split(first, '+').Count != 1)
        {
            return false;
        }

        var eq = IndexOfUnescaped(first, '=');
        if (eq <= 0)
        {
            return false;
        }

        type = first[..eq].Trim();
        value = Unescape(first[(eq + 1)..].Trim());
        return type.Length > 0 && value.Length > 0;
    }

    private static List<string> Split(string text, params char[] separators)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                current.Append(c).Append(text[++i]);
            }
            else if (c == '"')
            {
                quoted = !quoted;
                current.Append(c);
            }
            else if (!quoted && separators.Contains(c))
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        parts.Add(current.ToString());
        return parts;
    }

    private static int IndexOfUnescaped(string text, char wanted)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == wanted)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Unescape(string value)
    {
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            return value[1..^1];
        }

        var bytes = new List<byte>();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && IsHexPair(value, i + 1))
            {
                bytes.Add(byte.Parse(value.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 2;
            }
            else if (value[i] == '\\' && i + 1 < value.Length)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(value[++i].ToString()));
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(value[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    private static bool IsHexPair(string text, int at) =>
        at + 1 < text.Length && char.IsAsciiHexDigit(text[at]) && char.IsAsciiHexDigit(text[at + 1]);
}
