using MailHa.Bot.Monitoring;

namespace MailHa.Bot.Tests.Monitoring;

public sealed class MonitoringOptionsValidatorTests
{
    [Fact]
    public void Validate_FailsNamingTheKeyButNotTheValue_WhenTheSecretIsNotAnHttpUrl()
    {
        var secret = Path.GetTempFileName();
        try
        {
            File.WriteAllText(secret, "ftp://dead-mans-switch.lab/ping/capability-1234");

            var result = new MonitoringOptionsValidator().Validate(null, new MonitoringOptions { HeartbeatUrl = $"file:{secret}" });

            Assert.True(result.Failed);
            Assert.StartsWith("MailHa:Monitoring:HeartbeatUrl:", result.FailureMessage, StringComparison.Ordinal);
            Assert.DoesNotContain("capability-1234", result.FailureMessage, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public void Validate_Refuses_WhenTheUrlIsWrittenInsteadOfAReference()
    {
        var result = new MonitoringOptionsValidator().Validate(null, new MonitoringOptions { HeartbeatUrl = "https://dead-mans-switch.lab/ping/x" });

        Assert.True(result.Failed);
        Assert.Contains("never the secret itself", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Succeeds_WhenNoHeartbeatIsConfigured() =>
        Assert.True(new MonitoringOptionsValidator().Validate(null, new MonitoringOptions()).Succeeded);
}
