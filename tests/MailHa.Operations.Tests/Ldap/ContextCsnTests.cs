using MailHa.Operations.Ldap;
using static MailHa.Operations.Tests.Ldap.LdapTestOptions;

namespace MailHa.Operations.Tests.Ldap;

public class ContextCsnTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 16, 31, 0, TimeSpan.Zero);

    [Fact]
    public void TryParse_ReadsAllFields_WhenValueIsAsSlapdWritesIt()
    {
        Assert.True(ContextCsn.TryParse("20261125163012.123456Z#000000#001#000000", out var csn));

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 16, 30, 12, TimeSpan.Zero).AddTicks(1_234_560), csn.Timestamp);
        Assert.Equal(0, csn.ChangeCount);
        Assert.Equal(1, csn.ServerId);
        Assert.Equal(0, csn.Modification);
    }

    [Fact]
    public void TryParse_ReadsHexCountSidAndMod()
    {
        var csn = Csn("20261125164231.400972Z#00001a#00f#0000ff");

        Assert.Equal(0x1a, csn.ChangeCount);
        Assert.Equal(0x0f, csn.ServerId);
        Assert.Equal(0xff, csn.Modification);
        Assert.Equal(400_972, csn.Timestamp.Ticks % TimeSpan.TicksPerSecond / 10);
    }

    [Fact]
    public void TryParse_AcceptsOpenLdap23Form_WithoutMicrosecondsAndTwoDigitSid()
    {
        var csn = Csn("20070101000000Z#000001#00#000000");

        Assert.Equal(new DateTimeOffset(2007, 1, 1, 0, 0, 0, TimeSpan.Zero), csn.Timestamp);
        Assert.Equal(1, csn.ChangeCount);
        Assert.Equal(0, csn.ServerId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("20261125163012.123456Z")]
    [InlineData("20261325163012.123456Z#000000#001#000000")]
    [InlineData("20261125163012.123456#000000#001#000000")]
    [InlineData("20261125163012.1234567Z#000000#001#000000")]
    [InlineData("20261125163012.123456Z#0000#001#000000")]
    [InlineData("3b0ec2d6000100010000")]
    public void TryParse_Refuses_WhenValueIsNotACsn(string text) => Assert.False(ContextCsn.TryParse(text, out _));

    [Fact]
    public void ToString_RoundTrips()
    {
        const string text = "20261125163012.123456Z#00000a#002#000001";

        Assert.Equal(text, Csn(text).ToString());
    }

    [Fact]
    public void LatestByServer_KeepsOneValuePerSid_TheNewest()
    {
        var latest = ContextCsn.LatestByServer(
        [
            Csn("20261125164226.376917Z#000000#001#000000"),
            Csn("20261125164231.400972Z#000000#002#000000"),
            Csn("20261125164226.376917Z#000001#001#000000"),
        ]);

        Assert.Equal([1, 2], latest.Keys.Order());
        Assert.Equal(1, latest[1].ChangeCount);
    }

    [Fact]
    public void Compare_FindsNoLag_WhenBothHoldTheSameValuesPerSid()
    {
        var lags = Compare(
            ["20261125164226.376917Z#000000#001#000000", "20261125164231.400972Z#000000#002#000000"],
            ["20261125164231.400972Z#000000#002#000000", "20261125164226.376917Z#000000#001#000000"]);

        Assert.Empty(lags);
    }

    [Fact]
    public void Compare_MeasuresRealTime_AcrossADayBoundary()
    {
        // Digit strings differ by 76 054 (…235958 vs …000012 a day later); the real gap is 13.75 seconds.
        var lags = Compare(
            ["20261125235958.500000Z#000000#001#000000"],
            ["20261126000012.250000Z#000000#001#000000"]);

        var lag = Assert.Single(lags);
        Assert.Equal(new OriginLag(1, Mail1, TimeSpan.FromSeconds(13.75), NeverSeen: false), lag);
    }

    [Fact]
    public void Compare_MeasuresRealTime_AcrossAMinuteBoundary()
    {
        var lags = Compare(
            ["20261125163100.100000Z#000000#002#000000"],
            ["20261125163059.900000Z#000000#002#000000"]);

        Assert.Equal(new OriginLag(2, Mail2, TimeSpan.FromMilliseconds(200), NeverSeen: false), Assert.Single(lags));
    }

    [Fact]
    public void Compare_OrdersBySequence_WhenTimestampsAreEqual()
    {
        var lags = Compare(
            ["20261125163012.123456Z#000003#001#000000"],
            ["20261125163012.123456Z#000002#001#000000"]);

        Assert.Equal(new OriginLag(1, Mail2, TimeSpan.Zero, NeverSeen: false), Assert.Single(lags));
    }

    [Fact]
    public void Compare_ReportsEachSidSeparately_WhenEachServerMissesThePeersLatest()
    {
        var lags = Compare(
            ["20261125163000.000000Z#000000#001#000000", "20261125162900.000000Z#000000#002#000000"],
            ["20261125162950.000000Z#000000#001#000000", "20261125163005.000000Z#000000#002#000000"]);

        Assert.Equal(
            [new OriginLag(1, Mail2, TimeSpan.FromSeconds(10), false), new OriginLag(2, Mail1, TimeSpan.FromSeconds(65), false)],
            lags);
    }

    [Fact]
    public void Compare_SaysNeverSeen_WhenASidIsMissingOnOneSide()
    {
        // jt-mail2 wrote (sid 002) 30 s ago; jt-mail1 has nothing from it.
        var lags = Compare(
            ["20261125163030.000000Z#000000#001#000000"],
            ["20261125163030.000000Z#000000#001#000000", "20261125163030.000000Z#000000#002#000000"]);

        Assert.Equal(new OriginLag(2, Mail1, TimeSpan.FromSeconds(30), NeverSeen: true), Assert.Single(lags));
    }

    private static IReadOnlyList<OriginLag> Compare(string[] mail1, string[] mail2) =>
        OriginLags.Compare(
            Mail1,
            ContextCsn.LatestByServer(mail1.Select(Csn)),
            Mail2,
            ContextCsn.LatestByServer(mail2.Select(Csn)),
            c => c.Timestamp,
            ContextCsn.Order,
            Now);

    private static ContextCsn Csn(string text)
    {
        Assert.True(ContextCsn.TryParse(text, out var csn), text);
        return csn;
    }
}
