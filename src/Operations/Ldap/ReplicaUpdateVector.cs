using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MailHa.Operations.Ldap;

/// <summary>
/// A Sun ONE / 389 DS replica update vector: the <c>nsds50ruv</c> values of the
/// <c>nsuniqueid=ffffffff-ffffffff-ffffffff-ffffffff</c> tombstone under a replicated suffix, e.g.
/// <c>{replicageneration} 3b0ec2d6000000010000</c> and
/// <c>{replica 1 ldap://jt-mail1.dnmc.com.cn:389} 3b0ec2d6000100010000 3b0ec2d9000000010000</c>.
/// Two masters hold the same data only when their generations match.
/// </summary>
public sealed partial record ReplicaUpdateVector(string Generation, IReadOnlyList<RuvReplica> Replicas)
{
    /// <summary>Parses the attribute's values; <paramref name="error"/> says which value was not understood.</summary>
    public static bool TryParse(IEnumerable<string> values, [NotNullWhen(true)] out ReplicaUpdateVector? ruv, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(values);
        ruv = null;
        error = null;
        string? generation = null;
        var replicas = new List<RuvReplica>();
        foreach (var raw in values)
        {
            var value = raw.Trim();
            if (GenerationPattern().Match(value) is { Success: true } g)
            {
                generation = g.Groups["gen"].Value.ToLowerInvariant();
                continue;
            }

            var r = ReplicaPattern().Match(value);
            if (!r.Success || !int.TryParse(r.Groups["rid"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var rid))
            {
                error = $"RUV value '{value}' is neither {{replicageneration}} nor {{replica N url}} min max";
                return false;
            }

            RuvCsn? min = null, max = null;
            if (r.Groups["min"].Success && (!RuvCsn.TryParse(r.Groups["min"].Value, out min) || !RuvCsn.TryParse(r.Groups["max"].Value, out max)))
            {
                error = $"RUV value '{value}' has a malformed CSN";
                return false;
            }

            var url = r.Groups["url"].Value.Trim();
            replicas.Add(new RuvReplica(rid, url.Length == 0 ? null : url, min, max));
        }

        if (generation is null)
        {
            error = "RUV has no {replicageneration} value";
            return false;
        }

        ruv = new ReplicaUpdateVector(generation, replicas);
        return true;
    }

    /// <summary>Newest change held per originating replica id; replicas with no change are left out.</summary>
    public IReadOnlyDictionary<int, RuvCsn> LatestByReplica()
    {
        var latest = new Dictionary<int, RuvCsn>();
        foreach (var replica in Replicas)
        {
            if (replica.MaxCsn is { } max && (!latest.TryGetValue(replica.ReplicaId, out var seen) || RuvCsn.Order.Compare(max, seen) > 0))
            {
                latest[replica.ReplicaId] = max;
            }
        }

        return latest;
    }

    [GeneratedRegex(@"^\{replicageneration\}\s+(?<gen>[0-9A-Fa-f]{20})$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex GenerationPattern();

    // 389 DS may append a last-modified time (8 hex digits) after the max CSN.
    [GeneratedRegex(@"^\{replica\s+(?<rid>\d{1,5})(?<url>\s+[^}]*)?\}(?:\s+(?<min>[0-9A-Fa-f]{20})\s+(?<max>[0-9A-Fa-f]{20})(?:\s+[0-9A-Fa-f]{8})?)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ReplicaPattern();
}

/// <summary>
/// One <c>{replica N url} min max</c> element of a replica update vector: the oldest and newest change
/// this server holds that originated on replica <paramref name="ReplicaId"/>. Both are null when it holds none.
/// </summary>
public sealed record RuvReplica(int ReplicaId, string? Url, RuvCsn? MinCsn, RuvCsn? MaxCsn);
