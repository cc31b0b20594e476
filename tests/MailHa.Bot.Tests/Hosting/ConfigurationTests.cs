using Microsoft.Extensions.DependencyInjection;
using MailHa.Bot.Cli;
using MailHa.Bot.Hosting;
using MailHa.Operations.Mirror.Continuous;
using MailHa.Operations.Topology;
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

    /// <summary>The services shape: mail1 and mail2 without roles, and <paramref name="services"/> (JSON array items).</summary>
    private string WriteServicesConfig(string services)
    {
        var key = Path.Combine(_directory, "id");
        File.WriteAllText(key, "key");
        var path = Path.Combine(_directory, "mailha.json");
        File.WriteAllText(path, $$"""
            { "MailHa": {
              "Nodes": [
                { "Name": "mail1", "Host": "198.18.15.1", "KeyPath": "{{key}}", "HostKeyFingerprint": "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "ServiceAddress": "198.18.15.1", "MirrorAddress": "198.18.16.1", "LdapUrl": "ldap://198.18.15.1:389" },
                { "Name": "mail2", "Host": "198.18.15.2", "KeyPath": "{{key}}", "HostKeyFingerprint": "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "ServiceAddress": "198.18.15.2", "MirrorAddress": "198.18.16.2", "LdapUrl": "ldap://198.18.15.2:389" } ],
              "Services": [ {{services}} ],
              "Directory": { "BindDn": "cn=admin", "BindPassword": "env:MAILHA_TEST_LDAP_PASSWORD", "CanaryDn": "cn=mailha-canary,o=usergroup" },
              "Mirror": { "Cron": "*/10 * * * *" },
              "Storage": { "DatabasePath": "{{Path.Combine(_directory, "mailha.db")}}" } } }
            """);
        return path;
    }

    private const string ServiceA = """
        { "Name": "a", "Nodes": [ "mail1", "mail2" ], "Vip": { "Address": "198.18.15.10", "Interface": "eth0", "Label": "eth0:a" },
          "Mirror": { "Module": "msgstore-a", "StorePath": "/srv/a", "StateFile": "/var/lib/mailha/roles-a", "Cron": "*/5 * * * *" } }
        """;

    private const string ServiceB = """
        { "Name": "b", "Nodes": [ "mail2", "mail1" ], "Vip": { "Address": "198.18.15.11", "Interface": "eth0", "Label": "eth0:b" },
          "Mirror": { "Module": "msgstore-b", "StorePath": "/srv/b", "StateFile": "/var/lib/mailha/roles-b" } }
        """;

    [Fact]
    public void Build_GivesTheOnePairCodeTheServicesOwnVipAndStore_WhenOneServiceIsConfigured()
    {
        Environment.SetEnvironmentVariable("MAILHA_TEST_LDAP_PASSWORD", "secret");

        using var host = CliHost.Build(WriteServicesConfig(ServiceA));

        var service = Assert.Single(host.Services.GetRequiredService<MailTopology>().Services);
        Assert.Equal(("a", "198.18.15.10", new NodeName("mail1")), (service.Name.Value, service.Vip.Address, service.Home));
        Assert.Equal(("/var/lib/mailha/roles-a", "*/5 * * * *", "mail"), (service.Mirror.StateFile, service.Mirror.Cron, service.Mirror.User));
    }

    [Fact]
    public void Build_AcceptsSeveralServices_ForTheOperations()
    {
        Environment.SetEnvironmentVariable("MAILHA_TEST_LDAP_PASSWORD", "secret");

        using var host = CliHost.Build(WriteServicesConfig(ServiceA + ", " + ServiceB));

        Assert.Equal(["a", "b"], host.Services.GetRequiredService<MailTopology>().Services.Select(s => s.Name.Value));
    }

    [Fact]
    public void Build_AcceptsSeveralServices()
    {
        Environment.SetEnvironmentVariable("MAILHA_TEST_LDAP_PASSWORD", "secret");

        using var host = CliHost.Build(WriteServicesConfig(ServiceA + ", " + ServiceB));

        Assert.Equal(2, host.Services.GetRequiredService<MailTopology>().Services.Count);
    }

    [Fact]
    public void Build_AcceptsTwoContinuousServices_EachWithItsOwnStream()
    {
        Environment.SetEnvironmentVariable("MAILHA_TEST_LDAP_PASSWORD", "secret");
        const string Continuous = "\"Mirror\": { \"Mode\": \"Continuous\", ";

        using var host = CliHost.Build(WriteServicesConfig(
            ServiceA.Replace("\"Mirror\": { ", Continuous, StringComparison.Ordinal) + ", " + ServiceB.Replace("\"Mirror\": { ", Continuous, StringComparison.Ordinal)));

        var streams = host.Services.GetRequiredService<MirrorStreams>();
        Assert.Equal(["a", "b"], streams.Services.Select(s => s.Name.Value));
        Assert.NotSame(streams.For(new ServiceName("a")), streams.For(new ServiceName("b")));
    }

    [Fact]
    public void Build_FailsNamingTheKey_WhenAServiceNamesAnUnknownNode()
    {
        Environment.SetEnvironmentVariable("MAILHA_TEST_LDAP_PASSWORD", "secret");
        var path = WriteServicesConfig(ServiceA + ", " + ServiceB.Replace("\"mail2\", \"mail1\"", "\"mail9\", \"mail1\"", StringComparison.Ordinal));

        var error = Assert.Throws<OptionsValidationException>(() => CliHost.Build(path));

        Assert.Contains("MailHa:Services:1:Nodes:0: no node named 'mail9' in MailHa:Nodes", MailHaCommandLine.DescribeConfigurationError(error), StringComparison.Ordinal);
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

            Assert.Equal("*/5 * * * *", host.Services.GetRequiredService<IOptions<Operations.Topology.MirrorOptions>>().Value.Cron);
            Assert.Equal("mail1", host.Services.GetRequiredService<IOptions<Operations.Topology.TopologyOptions>>().Value.Nodes[0].Name);
        }
        finally
        {
            Environment.SetEnvironmentVariable("MailHa__Mirror__Cron", null);
        }
    }
}
