using MailHa.Operations.Status;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Tests.Status;

/// <summary>
/// A service's verdict from what one status gather found. What an on-call engineer must see first: nothing answers on
/// the VIP is mail down for the users, also when who holds it is unknown because the gather's VIP part ran out.
/// </summary>
public sealed class ServiceHealthRuleTests
{
    private static readonly NodeName Mail1 = new("mail1");
    private static readonly ServiceAnswer Banner = new Answered("220 mail1 ESMTP");
    private static readonly ServiceAnswer Nothing = new Silent("198.18.15.10:25: ConnectionRefused");

    [Fact]
    public void Of_IsDown_WhenTheVipCheckRanOutAndNothingAnswersOnTheVip()
    {
        var health = ServiceHealthRule.Of(RanOut(Nothing), standbyDown: false, mirrorPaused: false, mirrored: true);

        Assert.Equal(ServiceHealth.Down, health);
    }

    [Fact]
    public void Of_IsDegradedNotDown_WhenTheVipCheckRanOutAndTheVipAnswers()
    {
        var health = ServiceHealthRule.Of(RanOut(Banner), standbyDown: false, mirrorPaused: false, mirrored: true);

        Assert.Equal(ServiceHealth.Degraded, health);
    }

    [Fact]
    public void Of_IsDegraded_WhenTheVipCheckRanOutAndTheVipAnswersWithABannerNamingNoNode()
    {
        var health = ServiceHealthRule.Of(new VipCheckRanOut(TimeSpan.FromSeconds(5), new Answered("220 ESMTP"), null), standbyDown: false, mirrorPaused: false, mirrored: true);

        Assert.Equal(ServiceHealth.Degraded, health);
    }

    [Fact]
    public void Of_IsDown_WhenTheVipCheckRanOutAndNothingAnswers_EvenWithTheStandbyDownAndTheMirrorPaused()
    {
        var health = ServiceHealthRule.Of(RanOut(Nothing), standbyDown: true, mirrorPaused: true, mirrored: false);

        Assert.Equal(ServiceHealth.Down, health);
    }

    [Theory]
    [InlineData(VipVerdict.SplitBrain, true, ServiceHealth.SplitBrain)]
    [InlineData(VipVerdict.Nobody, false, ServiceHealth.Down)]
    [InlineData(VipVerdict.Unknown, false, ServiceHealth.Down)]
    [InlineData(VipVerdict.Unknown, true, ServiceHealth.Degraded)]
    [InlineData(VipVerdict.HeldBy, true, ServiceHealth.Healthy)]
    public void Of_FollowsTheVipsVerdictAndBanner_WhenTheVipWasLocated(VipVerdict verdict, bool answers, ServiceHealth expected)
    {
        var health = ServiceHealthRule.Of(Located(verdict, answers ? Banner : Nothing), standbyDown: false, mirrorPaused: false, mirrored: true);

        Assert.Equal(expected, health);
    }

    [Theory]
    [InlineData(true, false, true)]
    [InlineData(false, true, true)]
    [InlineData(false, false, false)]
    public void Of_IsDegraded_WhenServedButTheStandbyOrMirrorDoesNotKeepUp(bool standbyDown, bool mirrorPaused, bool mirrored)
    {
        var health = ServiceHealthRule.Of(Located(VipVerdict.HeldBy, Banner), standbyDown, mirrorPaused, mirrored);

        Assert.Equal(ServiceHealth.Degraded, health);
    }

    private static VipCheckRanOut RanOut(ServiceAnswer banner) =>
        new(TimeSpan.FromSeconds(5), banner, banner is Answered ? Mail1 : null);

    private static VipLocated Located(VipVerdict verdict, ServiceAnswer banner) =>
        new(new VipReport(verdict, verdict == VipVerdict.HeldBy ? Mail1 : null, [], banner, banner is Answered ? Mail1 : null, "summary"));
}
