using MailHa.Operations.Roles;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Tests.Roles;

public class NodeRoleRecordTests
{
    [Fact]
    public void Parse_RoundTripsTheStateFile_WrittenFromRoleState()
    {
        var state = new RoleState(new ServiceName("jt-mail"), 7, new NodeName("mail2"), new NodeName("mail1"), true, DateTimeOffset.UnixEpoch, "alice", "failover");

        var record = NodeRoleRecord.Parse(state.ToStateFile());

        Assert.Equal(new NodeRoleRecord(7, "mail2", "mail1", true), record);
    }

    [Theory]
    [InlineData("")]
    [InlineData("generation=x\nactive=a\nstandby=b\n")]
    [InlineData("active=a\nstandby=b\n")]
    public void Parse_ReturnsNull_WhenFileIsMissingOrMalformed(string text)
    {
        Assert.Null(NodeRoleRecord.Parse(text));
    }
}
