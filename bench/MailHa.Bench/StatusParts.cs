using System.Diagnostics;
using MailHa.Operations.Ldap;
using MailHa.Operations.Status;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Bench;

/// <summary>
/// Each part of the status gather timed alone, in the same container right after the gather's own calls (the topologies
/// stage): what a part costs without the others competing for the two cores.
/// </summary>
internal static class StatusParts
{
    /// <summary>Median milliseconds per part over <paramref name="runs"/> calls each.</summary>
    public static async Task<IReadOnlyDictionary<string, double>> MeasureAsync(IServiceProvider services, int runs, CancellationToken cancellationToken)
    {
        var topology = services.GetRequiredService<MailTopology>();
        var roles = services.GetRequiredService<KnownRoles>();
        var survey = services.GetRequiredService<NodeSurvey>();
        var replication = services.GetRequiredService<ReplicationChecker>();
        var vip = services.GetRequiredService<VipLocator>();
        var mirrors = services.GetRequiredService<MirrorFacts>();
        var operations = services.GetRequiredService<RunningOperations>();
        var states = (await roles.GetAllAsync(topology.Services, cancellationToken)).States;
        var parts = new (string Name, Func<Task> Part)[]
        {
            ("SSH listings", () => Task.WhenAll(topology.Nodes.Select(n => vip.ListInterfacesAsync(n.NodeName, cancellationToken)))),
            ("replication", () => replication.CheckAsync(cancellationToken)),
            ("survey", () => survey.SurveyAsync(Task.FromResult(states), cancellationToken)),
            ("roles", () => roles.GetAllAsync(topology.Services, cancellationToken)),
            ("mirrors", () => mirrors.GatherAsync(cancellationToken)),
            ("leases", () => operations.LeasesAsync(cancellationToken)),
        };
        var medians = new Dictionary<string, double>();
        foreach (var (name, part) in parts)
        {
            var times = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                var clock = Stopwatch.StartNew();
                await part();
                times.Add(clock.Elapsed.TotalMilliseconds);
            }

            medians[name] = Distribution.Of(times)!.Median;
        }

        return medians;
    }
}
