using System.Text.Json;
using MailHa.Operations.Status;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Tests.Vip;

public class ServiceAnswerJsonTests
{
    [Fact]
    public void Serialize_WritesBanner_WhenNodeServiceAnswered()
    {
        var node = new NodeHealth(new NodeName("mail1"), "active", true, "ok", new Answered("220 mail1.lab ESMTP"), new Answered("* OK mail1.lab IMAP"));

        var json = JsonSerializer.SerializeToNode(node, JsonSerializerOptions.Web)!["service"]!;

        Assert.Equal("answered", json["kind"]!.GetValue<string>());
        Assert.Equal("220 mail1.lab ESMTP", json["banner"]!.GetValue<string>());
    }

    [Fact]
    public void Serialize_WritesReason_WhenServiceSilent()
    {
        var json = JsonSerializer.SerializeToNode<ServiceAnswer>(new Silent("connection refused"), JsonSerializerOptions.Web)!;

        Assert.Equal("silent", json["kind"]!.GetValue<string>());
        Assert.Equal("connection refused", json["reason"]!.GetValue<string>());
    }
}
