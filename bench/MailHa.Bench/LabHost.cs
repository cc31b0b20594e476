using MailHa.Operations;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHa.Bench;

/// <summary>
/// The Operations service container as <c>mailha --config lab/.run/mailha.json</c> builds it (like the
/// integration tests' LabServices), with per-run overrides: a fresh journal, the roles, mirror limits.
/// </summary>
internal static class LabHost
{
    /// <summary>Timeouts that win over the lab's configuration for the whole session (<c>--connect-timeout</c>, <c>--probe-timeout</c>).</summary>
    public static Dictionary<string, string?> Timeouts { get; } = [];

    /// <summary>The lab's one service (the asymmetric lab's jt-mail): what the benches operate.</summary>
    public static ServiceDefinition Service(IHost host) => host.Services.GetRequiredService<MailTopology>().Services[0];

    /// <param name="ports">Registrations made before MailHa's own (which only add what is missing): e.g. timed ports.</param>
    /// <param name="configure">Adds what <c>mailha serve</c> hosts beside the operations (the continuous mirror's services).</param>
    public static IHost Build(Lab lab, IDictionary<string, string?> overrides, SshCommandLog log, Action<IServiceCollection>? ports = null, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddJsonFile(lab.ConfigPath, optional: false);
        builder.Configuration.AddInMemoryCollection(overrides);
        builder.Configuration.AddInMemoryCollection(Timeouts);
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(log);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("MailHa.Operations.Ssh", LogLevel.Debug);
        ports?.Invoke(builder.Services);
        builder.Services.AddMailHaOperations();
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        host.Services.GetRequiredService<IStartupValidator>().Validate();
        return host;
    }

    /// <summary>Overrides for one run: its own journal file, <paramref name="active"/> as the configured primary.</summary>
    public static Dictionary<string, string?> Overrides(string databasePath, string active) => new()
    {
        ["MailHa:Storage:DatabasePath"] = databasePath,
        [$"MailHa:Nodes:{Lab.Index(active)}:Role"] = "Primary",
        [$"MailHa:Nodes:{Lab.Index(Lab.Peer(active))}:Role"] = "Standby",
        ["MailHa:Mirror:MaxDelete"] = "5000",
        ["MailHa:Mirror:ScheduleEnabled"] = "false",
    };
}
