using MailHa.Operations.Ldap;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Tests.Ldap;

/// <summary>
/// The operator's words for how each replicated suffix stands, pinned once here; the checker's tests
/// (<see cref="ReplicationCheckerTests"/>, <see cref="ReplicationPairTests"/>) assert the typed state, the nodes and the pair.
/// </summary>
public sealed class ReplicationTextTests
{
    private static readonly NodeName Mail1 = new("jt-mail1"), Mail2 = new("jt-mail2"), Mail3 = new("jt-mail3");

    [Fact]
    public void Describe_ReadsOneLinePerSuffixState_LedByThePairOnlyWhenTheReportHoldsSeveral()
    {
        var lagging = new Lagging("o=pab", Mail2, TimeSpan.FromMinutes(2), []);
        var retrying = new Retrying("o=pab", [new RetryingAgreement(Mail1, "jt-mail1-to-jt-mail2", "Error (-1) Problem connecting to replica", TimeSpan.FromSeconds(10))]);

        Assert.Equal("o=internet: in sync", new InSync("o=internet", TimeSpan.Zero).Describe());
        Assert.Equal("o=internet: in sync (lag 3 s)", new InSync("o=internet", TimeSpan.FromSeconds(3)).Describe());
        Assert.Equal("o=pab: jt-mail2 is behind by 2m00s", lagging.Describe());
        Assert.Equal("jt-mail2–jt-mail3 o=pab: jt-mail2 is behind by 2m00s", (lagging with { Between = new ReplicationPair(Mail2, Mail3) }).Describe());
        Assert.Equal(
            "o=pab: retrying: jt-mail1: agreement jt-mail1-to-jt-mail2 cannot reach its consumer for 10 s, retrying by itself (Error (-1) Problem connecting to replica)",
            retrying.Describe());
        Assert.Equal("o=pab: broken: jt-mail1: bind refused (invalid credentials)", new Broken("o=pab", [new BindRefused(Mail1, "invalid credentials")]).Describe());
    }
}
