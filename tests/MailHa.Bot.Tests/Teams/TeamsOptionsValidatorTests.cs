using MailHa.Bot.Channels.Teams;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Tests.Teams;

public class TeamsOptionsValidatorTests
{
    [Fact]
    public void Validate_Succeeds_WhenDisabledAndEmpty()
    {
        Assert.True(new TeamsOptionsValidator().Validate(null, new TeamsOptions()).Succeeded);
    }

    [Fact]
    public void Validate_NamesEveryMissingKey_WhenEnabledAndEmpty()
    {
        var result = new TeamsOptionsValidator().Validate(null, new TeamsOptions { Enabled = true });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("MailHa:Teams:AppId:", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("MailHa:Teams:TenantId:", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("MailHa:Teams:AppPassword:", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_RefusesInlineSecretAndBadChannel_WhenEnabled()
    {
        var options = Valid();
        options.AppPassword = "s3cr3t-inline";
        options.AlertChannels.Add(new TeamsAlertChannelOptions { ServiceUrl = "http://smba.trafficmanager.net/emea/", ChannelId = "general" });

        var failures = new TeamsOptionsValidator().Validate(null, options).Failures!;

        Assert.Contains(failures, f => f.StartsWith("MailHa:Teams:AppPassword:", StringComparison.Ordinal) && !f.Contains("s3cr3t", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("MailHa:Teams:AlertChannels:0:ServiceUrl:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("MailHa:Teams:AlertChannels:0:ChannelId:", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_RefusesEmulatorIssuer_WhenEnabled()
    {
        var options = Valid();
        options.Issuer = "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/";

        Assert.Contains(new TeamsOptionsValidator().Validate(null, options).Failures!, f => f.StartsWith("MailHa:Teams:Issuer:", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_RefusesPlainHttpEndpoints_EvenOnLoopback()
    {
        var options = Valid();
        options.OpenIdMetadataUrl = "http://127.0.0.1:8080/v1/.well-known/openidconfiguration";
        options.AlertChannels.Add(new TeamsAlertChannelOptions { ServiceUrl = "http://127.0.0.1:8080/teams/", ChannelId = "19:alerts@thread.tacv2" });

        var failures = new TeamsOptionsValidator().Validate(null, options).Failures!;

        Assert.Contains(failures, f => f.StartsWith("MailHa:Teams:OpenIdMetadataUrl:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("MailHa:Teams:AlertChannels:0:ServiceUrl:", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_RefusesUnvalidatedAuthority_WhenItIsMicrosoftsLoginHost()
    {
        var options = Valid();
        options.ValidateLoginAuthority = false;

        Assert.Contains(new TeamsOptionsValidator().Validate(null, options).Failures!, f => f.StartsWith("MailHa:Teams:ValidateLoginAuthority:", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_Succeeds_WhenUnvalidatedAuthorityIsOutsideMicrosoftsClouds()
    {
        var options = Valid();
        options.ValidateLoginAuthority = false;
        options.LoginAuthority = "https://login.stack.example/";

        Assert.Equal(ValidateOptionsResult.Success, new TeamsOptionsValidator().Validate(null, options));
    }

    [Fact]
    public void Validate_Succeeds_WhenEnabledAndComplete()
    {
        Assert.Equal(ValidateOptionsResult.Success, new TeamsOptionsValidator().Validate(null, Valid()));
    }

    [Fact]
    public void EffectiveAllowedTenants_IsTenantId_WhenNoneListed()
    {
        Assert.Equal([TeamsActivities.TenantId], Valid().EffectiveAllowedTenants());
    }

    [Fact]
    public async Task Start_FailsNamingTheKey_WhenEnabledWithoutAppId()
    {
        await using var issuer = await LocalBotFrameworkIssuer.StartAsync();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TeamsBotHost.StartAsync(issuer, new RecordingChatRouter(), settings => settings.Remove("MailHa:Teams:AppId")));

        Assert.Contains("MailHa:Teams:AppId", failure.Message, StringComparison.Ordinal);
    }

    private static TeamsOptions Valid() => new()
    {
        Enabled = true,
        AppId = TeamsActivities.BotAppId,
        TenantId = TeamsActivities.TenantId,
        AppPassword = "env:PATH", // any variable that is set resolves; PATH always is.
    };
}
