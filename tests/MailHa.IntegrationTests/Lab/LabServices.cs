using MailHa.Operations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MailHa.IntegrationTests.Lab;

/// <summary>A service container configured exactly as <c>mailha --config lab/.run/mailha.json</c>, with per-test overrides.</summary>
public static class LabServices
{
    /// <param name="lab">The lab whose configuration is read.</param>
    /// <param name="overrides">Configuration keys that win over the lab's file.</param>
    /// <param name="configure">Runs after the MailHa registrations: add an observer, decorate a port.</param>
    public static IHost Build(LabFixture lab, IDictionary<string, string?>? overrides = null, Action<IServiceCollection>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(lab);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddJsonFile(lab.ConfigPath, optional: false);
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddMailHaOperations();
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        host.Services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
        return host;
    }
}
