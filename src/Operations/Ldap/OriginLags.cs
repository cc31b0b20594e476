using MailHa.Operations.Topology;

namespace MailHa.Operations.Ldap;

/// <summary>Compares two servers' newest change per originating master, in real time.</summary>
internal static class OriginLags
{
    /// <summary>
    /// One entry per origin on which the two differ. Lag is the difference of the two CSNs' timestamps (a
    /// real time span, so minute and day boundaries do not matter); an origin one side lacks counts from
    /// the other side's newest change to <paramref name="now"/>.
    /// </summary>
    public static IReadOnlyList<OriginLag> Compare<TCsn>(
        NodeName first,
        IReadOnlyDictionary<int, TCsn> firstLatest,
        NodeName second,
        IReadOnlyDictionary<int, TCsn> secondLatest,
        Func<TCsn, DateTimeOffset> timestamp,
        IComparer<TCsn> order,
        DateTimeOffset now)
    {
        var lags = new List<OriginLag>();
        foreach (var origin in firstLatest.Keys.Union(secondLatest.Keys).Order())
        {
            var inFirst = firstLatest.TryGetValue(origin, out var a);
            var inSecond = secondLatest.TryGetValue(origin, out var b);
            if (inFirst && inSecond)
            {
                var cmp = order.Compare(a!, b!);
                if (cmp != 0)
                {
                    var lag = timestamp(a!) - timestamp(b!);
                    lags.Add(new OriginLag(origin, cmp > 0 ? second : first, lag.Duration(), NeverSeen: false));
                }
            }
            else
            {
                var waiting = now - timestamp(inFirst ? a! : b!);
                lags.Add(new OriginLag(origin, inFirst ? second : first, waiting < TimeSpan.Zero ? TimeSpan.Zero : waiting, NeverSeen: true));
            }
        }

        return lags;
    }
}
