using MailHa.Operations.Ldap;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Tests.Ldap;

public sealed class LdapServiceCollectionExtensionsTests : IDisposable
{
    private readonly string _secretFile = Path.GetTempFileName();

    public LdapServiceCollectionExtensionsTests() => File.WriteAllText(_secretFile, "dev-secret");

    public void Dispose() => File.Delete(_secretFile);

    [Fact]
    public void AddLdap_Starts_WhenDirectoryIsConfiguredAsTheSeed()
    {
        using var provider = Build(new Dictionary<string, string?>());

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.IsType<LdapDirectoryClientFactory>(provider.GetRequiredService<IDirectoryClientFactory>());
        Assert.NotNull(provider.GetRequiredService<ReplicationChecker>());
        Assert.NotNull(provider.GetRequiredService<ReplicationProbe>());
    }

    [Fact]
    public void AddLdap_FailsStart_NamingCanaryDn_WhenCanaryIsUnderAServersOwnSuffix()
    {
        using var provider = Build(new() { ["MailHa:Directory:CanaryDn"] = "cn=mailha-canary,o=comms-config" });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("MailHa:Directory:CanaryDn", failure.Message);
    }

    [Fact]
    public void AddLdap_FailsStart_WhenTimeoutIsOutOfRange()
    {
        using var provider = Build(new() { ["MailHa:Directory:Timeout"] = "00:10:00" });

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
    }

    private ServiceProvider Build(Dictionary<string, string?> overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["MailHa:Directory:Kind"] = "SunOne",
            ["MailHa:Directory:BindDn"] = "cn=Directory Manager",
            ["MailHa:Directory:BindPassword"] = "file:" + _secretFile,
            ["MailHa:Directory:ReplicatedSuffixes:0"] = "o=internet",
            ["MailHa:Directory:ReplicatedSuffixes:1"] = "o=pab",
            ["MailHa:Directory:ReplicatedSuffixes:2"] = "o=usergroup",
            ["MailHa:Directory:NonReplicatedSuffixes:0"] = "dc=dnmc,dc=com,dc=cn",
            ["MailHa:Directory:NonReplicatedSuffixes:1"] = "o=comms-config",
            ["MailHa:Directory:NonReplicatedSuffixes:2"] = "o=NetscapeRoot",
            ["MailHa:Directory:CanaryDn"] = "cn=mailha-canary,o=usergroup",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddSingleton(LdapTestOptions.TestTopology());
        services.AddLdap();
        return services.BuildServiceProvider();
    }
}
