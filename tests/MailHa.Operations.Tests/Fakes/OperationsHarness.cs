using MailHa.Operations.Ldap;
using MailHa.Operations.Ssh;
using MailHa.Operations.Vip;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Tests.Fakes;

/// <summary>
/// MailHa's real Operations (mirror runner, failover engine, journal, audit) over <see cref="FakeNodes"/>: two
/// nodes <c>mail1</c> (primary, holding the VIP) and <c>mail2</c>, a journal in a temporary directory.
/// </summary>
public sealed class OperationsHarness : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mailha-ops-").FullName;
    private readonly ServiceProvider _services;

    public OperationsHarness(Action<IServiceCollection>? configure = null)
    {
        var key = Path.Combine(_directory, "id_ed25519");
        File.WriteAllText(key, "not a key: the SSH port is faked");
        var secret = Path.Combine(_directory, "ldap.pass");
        File.WriteAllText(secret, "secret");
        var settings = new Dictionary<string, string?>
        {
            ["MailHa:Storage:DatabasePath"] = Path.Combine(_directory, "mailha.db"),
            ["MailHa:Vip:Address"] = "198.18.15.10",
            ["MailHa:Vip:Interface"] = "eth0",
            ["MailHa:Vip:Label"] = "eth0:mail",
            ["MailHa:Vip:ProbeTimeout"] = "00:00:01",
            ["MailHa:Directory:BindDn"] = "cn=Directory Manager,o=internet",
            ["MailHa:Directory:BindPassword"] = $"file:{secret}",
            ["MailHa:Directory:ReplicatedSuffixes:0"] = "o=internet",
            ["MailHa:Directory:NonReplicatedSuffixes:0"] = "o=comms-config",
            ["MailHa:Directory:CanaryDn"] = "cn=mailha-canary,o=internet",
        };
        for (var i = 0; i < 2; i++)
        {
            var n = i + 1;
            settings[$"MailHa:Nodes:{i}:Name"] = $"mail{n}";
            settings[$"MailHa:Nodes:{i}:Role"] = i == 0 ? "Primary" : "Standby";
            settings[$"MailHa:Nodes:{i}:Host"] = $"198.18.15.{n}";
            settings[$"MailHa:Nodes:{i}:KeyPath"] = key;
            settings[$"MailHa:Nodes:{i}:HostKeyFingerprint"] = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
            settings[$"MailHa:Nodes:{i}:ServiceAddress"] = $"198.18.15.{n}";
            settings[$"MailHa:Nodes:{i}:MirrorAddress"] = $"198.18.16.{n}";
            settings[$"MailHa:Nodes:{i}:LdapUrl"] = $"ldap://198.18.15.{n}:389";
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddMailHaOperations();
        services.AddSingleton<IRemoteShell>(Nodes);
        services.AddSingleton<IServiceProbe>(Nodes);
        services.AddSingleton<IDirectoryClientFactory>(Nodes);
        configure?.Invoke(services);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        _services.GetRequiredService<IStartupValidator>().Validate();
    }

    public FakeNodes Nodes { get; } = new();

    public IServiceProvider Services => _services;

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public void Dispose()
    {
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
