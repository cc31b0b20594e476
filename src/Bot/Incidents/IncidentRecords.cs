using MailHa.Operations.Audit;
using MailHa.Operations.Failover;

namespace MailHa.Bot.Incidents;

/// <summary>
/// Reads what an incident's timeline is built from (the journal's operations and the audit trail around them) and builds
/// it. Nothing else is read: the timeline holds nothing the audit chain does not vouch for.
/// </summary>
public sealed class IncidentRecords(AuditLog audit, OperationJournal operations)
{
    /// <summary>How far before the incident the request, the outage and its first probe are looked for.</summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromDays(1);

    /// <summary>How many of the newest audit entries are searched for an outage named, or the latest one.</summary>
    public const int OutageSearch = 5000;

    private const int MaxEntries = 20_000;

    /// <summary>The timeline of <paramref name="id"/> (an operation's id or an outage's name), or of the latest incident; null when there is none.</summary>
    public async Task<IncidentTimeline?> FindAsync(string? id, CancellationToken cancellationToken)
    {
        var (name, anchor) = id is null ? await LatestAsync(cancellationToken) : await AnchorAsync(id, cancellationToken);
        if (name is null || anchor is not { } at)
        {
            return null;
        }

        var from = at - Lookback;
        var facts = new IncidentFacts(
            await audit.SinceAsync(from, MaxEntries, cancellationToken),
            await operations.StartedSinceAsync(from, 1000, cancellationToken));
        return IncidentTimelineBuilder.Build(facts, name);
    }

    private async Task<(string? Name, DateTimeOffset? At)> AnchorAsync(string id, CancellationToken cancellationToken)
    {
        if (await operations.FindAsync(id, cancellationToken) is { } operation)
        {
            return (id, operation.StartedAt);
        }

        var outage = (await audit.RecentAsync(OutageSearch, cancellationToken))
            .FirstOrDefault(e => e.Event is OutageDeclared d && OutageName.Of(d.Node, d.Since) == id);
        return outage?.Event is OutageDeclared declared ? (id, declared.Since) : (null, null);
    }

    private async Task<(string? Name, DateTimeOffset? At)> LatestAsync(CancellationToken cancellationToken)
    {
        var operation = await operations.LatestAsync(cancellationToken);
        var outage = (await audit.RecentAsync(OutageSearch, cancellationToken)).Select(e => e.Event).OfType<OutageDeclared>().FirstOrDefault();
        return (operation, outage) switch
        {
            (null, null) => (null, null),
            ({ } op, null) => (op.Id, op.StartedAt),
            (null, { } o) => (OutageName.Of(o.Node, o.Since), o.Since),
            ({ } op, { } o) when op.StartedAt >= o.Since => (op.Id, op.StartedAt),
            (_, { } o) => (OutageName.Of(o.Node, o.Since), o.Since),
        };
    }
}
