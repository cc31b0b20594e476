using System.Text.Json;
using MailHa.Bot.Cli;
using MailHa.Operations.Failover;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;

namespace MailHa.Bot.Tests.Hosting;

public sealed class CliJsonTests
{
    [Fact]
    public void Serialize_WritesNodeNamesAsPlainStrings_WithAnyOptions()
    {
        var value = new { Source = new NodeName("mail1"), Nodes = new[] { new NodeName("mail2") } };

        Assert.Equal("""{"source":"mail1","nodes":["mail2"]}""", JsonSerializer.Serialize(value, CliJson.Options).Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal));
        Assert.Equal(new NodeName("mail1"), JsonSerializer.Deserialize<NodeName>("\"mail1\""));
    }

    [Fact]
    public void Serialize_WritesAReportsStepResultsRefusalAndNextStepWithTheirKind()
    {
        var (mail1, mail2) = (new NodeName("mail1"), new NodeName("mail2"));
        var failed = new StepEvent("op", 2, "fence", "Fence the old primary", StepState.Failed, new PrimaryDownNotAcknowledged(mail1, new Unreachable(mail1, "no route")), TimeSpan.FromSeconds(2));
        var report = new FailoverReport("op", new ServiceName("mail"), OperationKind.Failover, mail1, mail2, FailoverOutcome.Failed, [failed], null, null, new AcknowledgePrimaryDown(mail1, mail2), "alice", "bob", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(report, CliJson.Options));

        var step = json.RootElement.GetProperty("steps")[0];
        Assert.Equal(("fence", "Failed"), (step.GetProperty("step").GetString(), step.GetProperty("state").GetString()));
        Assert.Equal(("primaryDownNotAcknowledged", "mail1"), (step.GetProperty("result").GetProperty("case").GetString(), step.GetProperty("result").GetProperty("source").GetString()));
        Assert.Equal("acknowledgePrimaryDown", json.RootElement.GetProperty("nextSteps").GetProperty("case").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("refusal").ValueKind);
    }
}
