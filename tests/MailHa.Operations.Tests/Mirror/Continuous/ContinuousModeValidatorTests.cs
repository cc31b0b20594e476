using MailHa.Operations.Mirror;
using MailHa.Operations.Mirror.Continuous;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Tests.Mirror.Continuous;

public class ContinuousModeValidatorTests
{
    private static ContinuousModeValidator Validator(NodePlatform second) => new(Options.Create(new TopologyOptions
    {
        Nodes = [new NodeOptions { Name = "mail1" }, new NodeOptions { Name = "mail2", Platform = second }],
    }));

    [Fact]
    public void Validate_RefusesNamingTheKeyAndThePlatform_WhenContinuousRunsOnSolaris()
    {
        var result = Validator(NodePlatform.Solaris).Validate(null, new MirrorOptions { Mode = MirrorMode.Continuous });

        Assert.True(result.Failed);
        Assert.Contains("MailHa:Mirror:Mode", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("mail2 (MailHa:Nodes:1:Platform) is Solaris", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MirrorMode.Interval, NodePlatform.Solaris)]
    [InlineData(MirrorMode.Continuous, NodePlatform.Linux)]
    public void Validate_Accepts_WhenEveryNodeHasInotifyOrTheModeIsInterval(MirrorMode mode, NodePlatform platform)
    {
        Assert.True(Validator(platform).Validate(null, new MirrorOptions { Mode = mode }).Succeeded);
    }

    [Fact]
    public void Validate_Refuses_WhenTheHeartbeatIsTheSentinel()
    {
        var result = Validator(NodePlatform.Linux).Validate(null, new MirrorOptions { HeartbeatFile = ".mailha-sentinel" });

        Assert.Contains("MailHa:Mirror:HeartbeatFile", result.FailureMessage, StringComparison.Ordinal);
    }
}
