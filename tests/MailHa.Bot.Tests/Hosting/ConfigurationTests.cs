using Microsoft.Extensions.DependencyInjection;
using MailHa.Bot.Cli;
using MailHa.Bot.Hosting;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Tests.Hosting;

[Collection(Manifests.ManifestCliCollection.Name)]
public sealed class ConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mailha-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string WriteConfig(string ldapUrl)
    {
        var key = Path.Combine(_directory, "id");
        File.WriteAllText(key, "key");
        var path = Path.Combine(_directory, "mailha.json");
        File.WriteAllText(path, $$"""
            { "MailHa": {
              "Nodes": [
                { "Name": "mail1", "Role": "Primary", "Host": "198.18.15.1", "KeyPath": "{{key}}", "HostKeyFingerprint": "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "ServiceAddress": "198.18.15.1", "MirrorAddress": "198.18.16.1", "LdapUrl": "{{ldapUrl}}" },
                { "Name": "mail2", "Role": "Standby", "Host": "198.18.15.2", "KeyPath": "{{key}}", "HostKeyFingerprint": "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "ServiceAddress": "198.18.15.2", "MirrorAddress": "198.18.16.2", "LdapUrl": "ldap://198.18.15.2:389" } ],
              "Vip": { "Address": "198.18.15.10", "Interface": "eth0", "Label": "eth0:mail" },
              "Directory": { "BindDn": "cn=admin", "BindPassword": "env:MAILHA_TEST_LDAP_PASSWORD", "CanaryDn": "cn=mailha-canary,o=usergroup" },
              "Mirror": { "Cron": "*/10 * * * *" },
              "Storage": { "DatabasePath": "{{Path.Combine(_directory, "mailha.db")}}" } } }
            """);
        return path;
    }

    [Fact]
    public void Build_FailsNamingTheKey_WhenAValueIsBad()
    {
        Environment.SetEnvironmentVariable("MAILHA_TEST_LDAP_PASSWORD", "secret");
        var path = WriteConfig("http://not-ldap");

        var error = Assert.Throws<OptionsValidationException>(() => CliHost.Build(path));

        Assert.Contains("MailHa:Nodes:0:LdapUrl", MailHaCommandLine.DescribeConfigurationError(error), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_FailsNamingTheKey_WhenASecretIsMissing()
    {
        Environment.SetEnvironmentVariable("MAILHA_TEST_LDAP_PASSWORD", null);
        var path = WriteConfig("ldap://198.18.15.1:389");

        var error = Assert.Throws<OptionsValidationException>(() => CliHost.Build(path));

        Assert.Contains("MailHa:Directory:BindPassword", MailHaCommandLine.DescribeConfigurationError(error), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_LetsEnvironmentVariablesWin_OverTheConfigFile()
    {
        Environment.SetEnvironmentVariable("MAILHA_TEST_LDAP_PASSWORD", "secret");
        Environment.SetEnvironmentVariable("MailHa__Mirror__Cron", "*/5 * * * *");
        try
        {
            var path = WriteConfig("ldap://198.18.15.1:389");

            using var host = CliHost.Build(path);

            Assert.Equal("*/5 * * * *", host.Services.GetRequiredService<IOptions<Operations.Mirror.MirrorOptions>>().Value.Cron);
            Assert.Equal("mail1", host.Services.GetRequiredService<IOptions<Operations.Topology.TopologyOptions>>().Value.Nodes[0].Name);
        }
        finally
        {
            Environment.SetEnvironmentVariable("MailHa__Mirror__Cron", null);
        }
    }
}
