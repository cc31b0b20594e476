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

    /// <param name="configure">Replaces or adds services.</param>
    /// <param name="topology">The lab's HA model to configure (<see cref="ServiceSettings"/>); the pair by default.</param>
    /// <param name="settings">Changes the configuration before it is read.</param>
    public OperationsHarness(Action<IServiceCollection>? configure = null, LabTopology topology = LabTopology.Asymmetric, Action<Dictionary<string, string?>>? settings = null)
    {
        var configuration = ServiceSettings.Create(_directory, topology);
        foreach (var vip in topology == LabTopology.Asymmetric ? ["MailHa:Vip"] : new[] { "MailHa:Services:0:Vip", "MailHa:Services:1:Vip" })
        {
            configuration[$"{vip}:ProbeTimeout"] = "00:00:01";
        }

        settings?.Invoke(configuration);

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
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

    /// <summary>The one service of the pair (<c>mail1</c> home, <c>mail2</c> its standby).</summary>
    public MailHa.Operations.Topology.ServiceDefinition Service => Get<MailHa.Operations.Topology.MailTopology>().Services[0];

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public void Dispose()
    {
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
