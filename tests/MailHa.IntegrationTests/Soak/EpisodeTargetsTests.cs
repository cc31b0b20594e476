using MailHa.Bench.Soak;
using MailHa.Operations.Topology;
using MailHa.TestSupport.Topology;

namespace MailHa.IntegrationTests.Soak;

/// <summary>
/// Where a soak episode aims on each lab topology, resolved per service from where each service runs (pure: no lab):
/// its service, that service's active and standby, its commands, and N+1's capacity refusal expected unless accepted.
/// </summary>
public sealed class EpisodeTargetsTests
{
    private static readonly Episode Switchover = new(0, EpisodeKind.Switchover, Role.Active, Channel.Console, 0, 0, TimeSpan.FromSeconds(5), 10, false);

    [Fact]
    public void Resolve_AimsAtTheOneService_OnTheAsymmetricLab_AndItsCommandsNameNoService()
    {
        var topology = Soak(ServiceTopologies.Pair());
        var t = EpisodeTargets.Resolve(Switchover with { Service = 837, AcceptOverCapacity = true }, topology, Running(topology, "mail2"));

        Assert.Equal((topology.Services[0], "mail2", "mail1", "mail2", false), (t.Service, t.Active, t.Standby, t.Target, t.MoveOverCapacity));
        Assert.Equal("switchover", topology.Command("switchover", t.Service, t.MoveFlags(Switchover)));
        Assert.Equal("mirror run", topology.Command("mirror run", t.Service));
    }

    [Fact]
    public void Resolve_TakesEachServicesOwnActiveAndStandby_OnTheSymmetricLab()
    {
        var topology = Soak(ServiceTopologies.Symmetric());
        var running = Running(topology, "mail1", "mail2");

        var a = EpisodeTargets.Resolve(Switchover with { Service = 4, Target = Role.Standby }, topology, running);
        var b = EpisodeTargets.Resolve(Switchover with { Service = 5 }, topology, running);

        Assert.Equal(("a", "mail1", "mail2", "mail2"), (a.Service.Name.Value, a.Active, a.Standby, a.Target));
        Assert.Equal(("b", "mail2", "mail1", "mail2"), (b.Service.Name.Value, b.Active, b.Standby, b.Target));
        Assert.Equal("switchover b", topology.Command("switchover", b.Service, b.MoveFlags(Switchover)));
        Assert.False(a.MoveOverCapacity || b.MoveOverCapacity);
    }

    [Fact]
    public void Resolve_ExpectsTheCapacityRefusal_WhenTheNPlusOneStandbyIsFull_UnlessTheEpisodeAcceptsIt()
    {
        var topology = Soak(ServiceTopologies.NPlusOne(capacity: 1));
        var running = Running(topology, "mail1", "mail3"); // b already failed over to the shared standby
        var refused = Switchover with { Service = 0, AcceptOverCapacity = false };
        var accepted = Switchover with { Service = 0, AcceptOverCapacity = true };

        var t = EpisodeTargets.Resolve(refused, topology, running);

        Assert.Equal(("a", "mail1", "mail3", true), (t.Service.Name.Value, t.Active, t.Standby, t.MoveOverCapacity));
        Assert.True(t.RefusalExpected(refused));
        Assert.Equal("switchover a", topology.Command("switchover", t.Service, t.MoveFlags(refused)));
        Assert.False(t.RefusalExpected(accepted));
        Assert.Equal("switchover a --accept-over-capacity", topology.Command("switchover", t.Service, t.MoveFlags(accepted)));
    }

    [Fact]
    public void Resolve_ReturnsAServiceRunByTheNPlusOneStandby_ToItsHome_WithinCapacity()
    {
        var topology = Soak(ServiceTopologies.NPlusOne(capacity: 1));
        var t = EpisodeTargets.Resolve(Switchover with { Service = 1 }, topology, Running(topology, "mail1", "mail3"));

        Assert.Equal(("b", "mail3", "mail2", false), (t.Service.Name.Value, t.Active, t.Standby, t.MoveOverCapacity));
        Assert.Empty(t.MoveFlags(Switchover with { AcceptOverCapacity = true }));
    }

    [Fact]
    public void Resolve_Fails_WhenNoSingleNodeServesTheService()
    {
        var topology = Soak(ServiceTopologies.Symmetric());
        var running = new Dictionary<ServiceName, NodeName> { [new ServiceName("a")] = new NodeName("mail1") };

        var e = Assert.Throws<InvalidOperationException>(() => EpisodeTargets.Resolve(Switchover with { Service = 1 }, topology, running));
        Assert.Contains("b", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_AimsAtEveryService_WhateverTheirNumber()
    {
        var schedule = SoakSchedule.Generate(23).Take(200).ToList();
        for (var services = 1; services <= 8; services++)
        {
            Assert.Equal(Enumerable.Range(0, services), schedule.Select(e => e.Service % services).Distinct().Order());
        }

        Assert.Contains(schedule, e => e.AcceptOverCapacity);
        Assert.Contains(schedule, e => !e.AcceptOverCapacity);
    }

    /// <summary>The soak's view of a unit-test topology: each service's domain and login as the lab names them.</summary>
    private static SoakTopology Soak(MailTopology topology) =>
        new(topology.Services.Count == 1 ? "asymmetric" : "test", topology, [.. topology.Services.Select((s, i) => new SoakService(i, s, $"{s.Name}.mail.lab", $"user20@{s.Name}.mail.lab"))]);

    /// <summary>Each service (in order) on the node given for it.</summary>
    private static Dictionary<ServiceName, NodeName> Running(SoakTopology topology, params string[] nodes) =>
        topology.Services.Zip(nodes).ToDictionary(p => p.First.Name, p => new NodeName(p.Second));
}
