using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Tests.Ssh;

/// <summary>Why a part of a check was not waited for, in the operator's words, pinned once here (<see cref="NodeCutoffTests"/> asserts the nodes).</summary>
public class NodeCutoffTextTests
{
    [Fact]
    public void Describe_NamesTheUnreachableNodes()
    {
        Assert.Equal("not waited for: mail1 unreachable over SSH", new NotWaitedFor([new NodeName("mail1")]).Describe());
        Assert.Equal("not waited for: mail1, mail3 unreachable over SSH", new NotWaitedFor([new NodeName("mail1"), new NodeName("mail3")]).Describe());
    }
}
