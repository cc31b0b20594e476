using System.Text.Json;
using MailHa.Bot.Cli;
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
}
