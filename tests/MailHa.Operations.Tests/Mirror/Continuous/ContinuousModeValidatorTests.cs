using MailHa.Operations.Mirror;
using MailHa.Operations.Mirror.Continuous;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Tests.Mirror.Continuous;

public class ContinuousModeValidatorTests
{
    private static TopologyOptions Pair(NodePlatform second) => new()
    {
        Nodes =
        [
            new NodeOptions { Name = "mail1", Role = NodeRole.Primary },
            new NodeOptions { Name = "mail2", Role = NodeRole.Standby, Platform = second },
        ],
        Vip = new VipOptions { Address = "198.18.15.10" },
    };

    private static ValidateOptionsResult Validate(NodePlatform second, MirrorOptions mirror) =>
        new ContinuousModeValidator(Options.Create(mirror)).Validate(null, Pair(second));

    [Fact]
    public void Validate_RefusesNamingTheKeyAndThePlatform_WhenContinuousRunsOnSolaris()
    {
        var result = Validate(NodePlatform.Solaris, new MirrorOptions { Mode = MirrorMode.Continuous });

        Assert.True(result.Failed);
        Assert.Contains("MailHa:Mirror:Mode", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("mail2 (MailHa:Nodes:1:Platform) is Solaris", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MirrorMode.Interval, NodePlatform.Solaris)]
    [InlineData(MirrorMode.Continuous, NodePlatform.Linux)]
    public void Validate_Accepts_WhenEveryNodeHasInotifyOrTheModeIsInterval(MirrorMode mode, NodePlatform platform)
    {
        Assert.True(Validate(platform, new MirrorOptions { Mode = mode }).Succeeded);
    }

    [Fact]
    public void Validate_Refuses_WhenTheHeartbeatIsTheSentinel()
    {
        var result = Validate(NodePlatform.Linux, new MirrorOptions { HeartbeatFile = ".mailha-sentinel" });

        Assert.Contains("MailHa:Mirror:HeartbeatFile", result.FailureMessage, StringComparison.Ordinal);
    }
}
