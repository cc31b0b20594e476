using MailHa.Operations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MailHa.IntegrationTests.Lab;

/// <summary>A service container configured exactly as <c>mailha --config lab/.run/mailha.json</c>, with per-test overrides.</summary>
public static class LabServices
{
    public static IHost Build(LabFixture lab, IDictionary<string, string?>? overrides = null)
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
        var host = builder.Build();
        host.Services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
        return host;
    }
}
