using System.Globalization;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Ldap;

/// <summary>
/// End-to-end replication probe: writes a timestamped value to the canary entry (<c>MailHa:Directory:CanaryDn</c>,
/// under a replicated suffix) on one master and polls the other until it appears, in both directions of every two
/// masters that serve or back up a common service (<see cref="ReplicationPair"/>), one direction after the other so
/// two writes never race. Touches nothing but the canary, and refuses an entry that is not one.
/// </summary>
public sealed class ReplicationProbe(
    IDirectoryClientFactory clients,
    IOptions<DirectoryOptions> options,
    MailTopology topology,
    TimeProvider time,
    ILogger<ReplicationProbe> logger)
{
    /// <summary>Every value the probe writes starts with this; an entry holding any other description is not ours.</summary>
    public const string CanaryPrefix = "mailha-canary ";

    private const string CanaryObjectClass = "applicationProcess";

    /// <summary>Per pair, first node → second, then back; each direction waits at most <c>ConvergenceTimeout</c>.</summary>
    public async Task<ProbeReport> ProbeAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var pairs = ReplicationPair.Of(topology);
        var nodes = ReplicationPair.NodesOf(pairs);
        var started = time.GetUtcNow();
        using var sessions = await DirectorySessions.OpenAsync(clients, nodes, settings.Timeout, time, logger, cancellationToken);

        // Every master must hold our canary or nothing at that DN before any is written.
        foreach (var node in nodes)
        {
            if (sessions[node] is DirectoryOk<IDirectoryClient> { Value: var client }
                && await RefuseNonCanaryAsync(node, client, settings.CanaryDn, settings, cancellationToken) is { } refusal)
            {
                var refused = pairs.SelectMany(p => new ProbeOutcome[] { new ProbeFailed(p.First, p.Second, refusal), new ProbeFailed(p.Second, p.First, refusal) }).ToList();
                foreach (var direction in refused)
                {
                    LdapLog.ProbeFailed(logger, direction.From.Value, direction.To.Value, refusal.Describe());
                }

                return new ProbeReport(started, refused);
            }
        }

        var directions = new List<ProbeOutcome>(2 * pairs.Count);
        foreach (var pair in pairs)
        {
            directions.Add(await ProbeDirectionAsync(sessions, pair.First, pair.Second, settings, cancellationToken));
            directions.Add(await ProbeDirectionAsync(sessions, pair.Second, pair.First, settings, cancellationToken));
        }

        return new ProbeReport(started, directions);
    }

    private async Task<ProbeOutcome> ProbeDirectionAsync(DirectorySessions sessions, NodeName from, NodeName to, DirectoryOptions settings, CancellationToken cancellationToken)
    {
        var outcome = await RunDirectionAsync(sessions, from, to, settings, cancellationToken);
        switch (outcome)
        {
            case ProbeConverged converged:
                LdapLog.ProbeConverged(logger, from.Value, to.Value, (long)converged.Delay.TotalMilliseconds);
                break;
            case ProbeFailed failed:
                LdapLog.ProbeFailed(logger, from.Value, to.Value, failed.Reason.Describe());
                break;
        }

        return outcome;
    }

    private async Task<ProbeOutcome> RunDirectionAsync(DirectorySessions sessions, NodeName from, NodeName to, DirectoryOptions settings, CancellationToken cancellationToken)
    {
        if (sessions[from] is not DirectoryOk<IDirectoryClient> { Value: var source })
        {
            return new ProbeFailed(from, to, ((DirectoryFailed<IDirectoryClient>)sessions[from]).Fault);
        }

        if (sessions[to] is not DirectoryOk<IDirectoryClient> { Value: var target })
        {
            return new ProbeFailed(from, to, ((DirectoryFailed<IDirectoryClient>)sessions[to]).Fault);
        }

        var dn = settings.CanaryDn;
        var value = string.Create(CultureInfo.InvariantCulture, $"{CanaryPrefix}{time.GetUtcNow():O} {Guid.NewGuid():N}");
        var written = await CallAsync(from, "write canary", ct => source.WriteCanaryAsync(new CanaryWrite(dn, value), ct), settings, cancellationToken);
        if (written is DirectoryFailed<CanaryWritten> { Fault: var writeFault })
        {
            return new ProbeFailed(from, to, writeFault);
        }

        var since = time.GetTimestamp();
        while (true)
        {
            var read = await CallAsync(to, "read canary", ct => target.ReadAttributeAsync(dn, "description", ct), settings, cancellationToken);
            switch (read)
            {
                case DirectoryFailed<AttributeValues> { Fault: var readFault }:
                    return new ProbeFailed(from, to, readFault);
                case DirectoryOk<AttributeValues> { Value.Values: var values } when values.Contains(value, StringComparer.Ordinal):
                    return new ProbeConverged(from, to, time.GetElapsedTime(since));
            }

            var remaining = settings.ConvergenceTimeout - time.GetElapsedTime(since);
            if (remaining <= TimeSpan.Zero)
            {
                return new ProbeFailed(from, to, new NotConverging(from, to, settings.ConvergenceTimeout));
            }

            await Task.Delay(remaining < settings.ProbePollInterval ? remaining : settings.ProbePollInterval, time, cancellationToken);
        }
    }

    /// <summary>The canary may be absent (it is created), or an applicationProcess whose descriptions are all ours.</summary>
    private async Task<DirectoryFault?> RefuseNonCanaryAsync(NodeName node, IDirectoryClient client, string dn, DirectoryOptions settings, CancellationToken cancellationToken)
    {
        var classes = await CallAsync(node, "read canary objectClass", ct => client.ReadAttributeAsync(dn, "objectClass", ct), settings, cancellationToken);
        switch (classes)
        {
            case DirectoryFailed<AttributeValues> { Fault: var fault }:
                return fault;
            case DirectoryOk<AttributeValues> { Value.EntryExists: false }:
                return null;
            case DirectoryOk<AttributeValues> { Value.Values: var values } when !values.Contains(CanaryObjectClass, StringComparer.OrdinalIgnoreCase):
                return new NotACanary(node, dn, $"objectClass {string.Join(", ", values)} has no {CanaryObjectClass}");
        }

        var descriptions = await CallAsync(node, "read canary description", ct => client.ReadAttributeAsync(dn, "description", ct), settings, cancellationToken);
        return descriptions switch
        {
            DirectoryFailed<AttributeValues> { Fault: var fault } => fault,
            DirectoryOk<AttributeValues> { Value.Values: var values } when values.FirstOrDefault(v => !v.StartsWith(CanaryPrefix, StringComparison.Ordinal)) is { } foreign =>
                new NotACanary(node, dn, $"it holds a description MailHa did not write ('{Truncate(foreign)}')"),
            _ => null,
        };
    }

    private Task<DirectoryResult<T>> CallAsync<T>(NodeName node, string operation, Func<CancellationToken, Task<DirectoryResult<T>>> call, DirectoryOptions settings, CancellationToken cancellationToken) =>
        DirectoryCalls.BoundedAsync(node, operation, call, settings.Timeout, time, logger, cancellationToken);

    private static string Truncate(string text) => text.Length > 60 ? text[..60] + "…" : text;
}
