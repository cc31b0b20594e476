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
        var settings = TwoNodeSettings.Create(_directory);
        settings["MailHa:Vip:ProbeTimeout"] = "00:00:01";

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
