using MailHa.Operations.Ldap;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Tests.Ldap;

/// <summary>
/// The operator's words for the directory's faults, pinned once here; the checker's tests (and the lab's) assert the
/// typed fault and the node it names.
/// </summary>
public sealed class DirectoryFaultTextTests
{
    private static readonly NodeName Mail1 = new("mail1"), Mail2 = new("mail2");

    [Fact]
    public void Describe_NamesTheNodeAndWhy_ForEachFault()
    {
        Assert.Equal("mail2: directory unreachable (ldap bind: The LDAP server is unavailable.)", new NodeUnreachable(Mail2, "ldap bind: The LDAP server is unavailable.").Describe());
        Assert.Equal("mail1: bind refused (invalid credentials)", new BindRefused(Mail1, "invalid credentials").Describe());
        Assert.Equal("mail1: no such suffix or entry 'o=pab'", new SuffixMissing(Mail1, "o=pab").Describe());
        Assert.Equal("mail1: modify refused (LDAP 50: insufficient access)", new DirectoryRefused(Mail1, "modify", 50, "insufficient access").Describe());
        Assert.Equal("mail1: o=pab is not replicating (no RUV)", new NotReplicating(Mail1, "o=pab", "no RUV").Describe());
    }
}
