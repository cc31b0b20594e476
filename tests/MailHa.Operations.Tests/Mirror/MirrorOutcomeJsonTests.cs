using System.Text.Json;
using System.Text.Json.Nodes;
using MailHa.Operations.Mirror;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Tests.Mirror;

public class MirrorOutcomeJsonTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void Serialize_WritesKindAndReason_WhenTheRunWasRefusedBecauseTheMirrorIsPaused()
    {
        MirrorOutcome paused = new MirrorPaused(DateTimeOffset.UnixEpoch, "failover failover-1", new NodeName("mail2"), new NodeName("mail1"));

        var json = JsonNode.Parse(JsonSerializer.Serialize(paused, Web))!;

        Assert.Equal("mirrorPaused", json["kind"]!.GetValue<string>());
        Assert.Equal("failover failover-1", json["reason"]!.GetValue<string>());
    }
}
