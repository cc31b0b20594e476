using MailHa.Operations.Topology;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.IntegrationTests.Lab;

/// <summary>The service a test's MailHa operates on the asymmetric lab: its one service (the first).</summary>
internal static class LabService
{
    public static ServiceDefinition Of(IServiceProvider services) => services.GetRequiredService<MailTopology>().Services[0];
}
