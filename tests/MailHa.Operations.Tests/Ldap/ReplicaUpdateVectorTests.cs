using MailHa.Operations.Ldap;
using static MailHa.Operations.Tests.Ldap.LdapTestOptions;

namespace MailHa.Operations.Tests.Ldap;

public class ReplicaUpdateVectorTests
{
    // As read from nsuniqueid=ffffffff-ffffffff-ffffffff-ffffffff,o=usergroup on a Sun ONE 5.2 master.
    internal static readonly string[] Mail1Ruv =
    [
        "{replicageneration} 3b0ec2d6000000010000",
        "{replica 1 ldap://jt-mail1.dnmc.com.cn:389} 3b0ec2d6000100010000 3b0ec2d9000000010000",
        "{replica 2 ldap://jt-mail2.dnmc.com.cn:389} 3b0ec2e1000000020000 3b0ec2e5000300020000",
    ];

    [Fact]
    public void RuvCsn_Parses_EpochSecondsSequenceReplicaAndSubsequence()
    {
        var csn = Csn("3b0ec2d6000100010000");

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(0x3b0ec2d6), csn.Timestamp);
        Assert.Equal(1, csn.SequenceNumber);
        Assert.Equal(1, csn.ReplicaId);
        Assert.Equal(0, csn.SubSequenceNumber);
        Assert.Equal("3b0ec2d6000100010000", csn.ToString());
    }

    [Theory]
    [InlineData("3b0ec2d600010001000")]
    [InlineData("3b0ec2d6000100010000a")]
    [InlineData("3b0ec2d60001000100zz")]
    [InlineData("20261125163012.123456Z#000000#001#000000")]
    public void RuvCsn_Refuses_WhenNotTwentyHexDigits(string text) => Assert.False(RuvCsn.TryParse(text, out _));

    [Fact]
    public void Parse_ReadsGenerationAndMinMaxPerReplica()
    {
        var ruv = Ruv(Mail1Ruv);

        Assert.Equal("3b0ec2d6000000010000", ruv.Generation);
        Assert.Equal(2, ruv.Replicas.Count);
        var first = ruv.Replicas[0];
        Assert.Equal(1, first.ReplicaId);
        Assert.Equal("ldap://jt-mail1.dnmc.com.cn:389", first.Url);
        Assert.Equal(Csn("3b0ec2d6000100010000"), first.MinCsn);
        Assert.Equal(Csn("3b0ec2d9000000010000"), first.MaxCsn);
        Assert.Equal(Csn("3b0ec2e5000300020000"), ruv.LatestByReplica()[2]);
    }

    [Fact]
    public void Parse_AcceptsAReplicaWithNoChanges_And389sLastModifiedTime()
    {
        var ruv = Ruv(
        [
            "{replicageneration} 5f3c4e2a000000010000",
            "{replica 1 ldap://ds1.example.com:389} 5f3c4e2b000000010000 5f3c5a10000200010000 5f3c5a10",
            "{replica 2 ldap://ds2.example.com:389}",
        ]);

        Assert.Null(ruv.Replicas[1].MaxCsn);
        Assert.Equal([1], ruv.LatestByReplica().Keys);
    }

    [Theory]
    [InlineData("{replica 1 ldap://jt-mail1:389} 3b0ec2d6000100010000 3b0ec2d9000000010000")]
    [InlineData("{replicageneration} 3b0ec2d6000000010000|{replica x ldap://jt-mail1:389}")]
    [InlineData("{replicageneration} 3b0ec2d6000000010000|{replica 1 ldap://jt-mail1:389} 3b0ec2d6000100010000")]
    public void TryParse_Refuses_WhenRuvIsMalformed(string joined)
    {
        Assert.False(ReplicaUpdateVector.TryParse(joined.Split('|'), out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Compare_MaxCsnPerReplica_GivesRealTimeLagAndBehindServer()
    {
        var mail2 = Ruv(
        [
            "{replicageneration} 3b0ec2d6000000010000",
            "{replica 2 ldap://jt-mail2.dnmc.com.cn:389} 3b0ec2e1000000020000 3b0ec2e5000300020000",
            "{replica 1 ldap://jt-mail1.dnmc.com.cn:389} 3b0ec2d6000100010000 3b0ec2d1000000010000",
        ]);

        var lags = OriginLags.Compare(
            Mail1, Ruv(Mail1Ruv).LatestByReplica(), Mail2, mail2.LatestByReplica(),
            c => c.Timestamp, RuvCsn.Order, DateTimeOffset.FromUnixTimeSeconds(0x3b0ec300));

        Assert.Equal(new OriginLag(1, Mail2, TimeSpan.FromSeconds(0x3b0ec2d9 - 0x3b0ec2d1), NeverSeen: false), Assert.Single(lags));
    }

    private static RuvCsn Csn(string text)
    {
        Assert.True(RuvCsn.TryParse(text, out var csn), text);
        return csn;
    }

    private static ReplicaUpdateVector Ruv(IEnumerable<string> values)
    {
        Assert.True(ReplicaUpdateVector.TryParse(values, out var ruv, out var error), error);
        return ruv;
    }
}
