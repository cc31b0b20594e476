using System.Text.Json;
using System.Text.Json.Serialization;
using MailHa.IntegrationTests.Failover;
using MailHa.IntegrationTests.Lab;
using MailHa.Operations.Status;
using MailHa.Operations.Topology;

namespace MailHa.IntegrationTests.Topology;

/// <summary>
/// <c>mailha failover|switchover|failback --service NAME ... --yes --json</c> against a lab with several services, on
/// the test's journal (what an operator runs on the command line), and what it answered.
/// </summary>
public static class ServiceCli
{
    /// <summary>Runs one operation on <paramref name="service"/>; the outcome is the JSON report's <c>outcome</c> (null when it printed none).</summary>
    public static Task<OperationRun> RunAsync(LabFixture lab, LabScope scope, string verb, string service, CancellationToken cancellationToken, params string[] options) =>
        RunAsync(lab, scope, new Dictionary<string, string>(), verb, service, cancellationToken, options);

    /// <summary>As <see cref="RunAsync(LabFixture, LabScope, string, string, CancellationToken, string[])"/>, with configuration keys in the environment (<c>MailHa__Nodes__2__Capacity</c>).</summary>
    public static async Task<OperationRun> RunAsync(LabFixture lab, LabScope scope, IReadOnlyDictionary<string, string> environment, string verb, string service, CancellationToken cancellationToken, params string[] options)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var settings = new Dictionary<string, string>(environment) { ["MailHa__Storage__DatabasePath"] = scope.DatabasePath };
        using var cli = MailHaCli.Start(lab, settings, [verb, "--service", service, .. options, "--yes", "--json"]);
        var (code, stdout, stderr) = await cli.CompleteAsync("", cancellationToken);
        return new OperationRun(code, Outcome(stdout), stdout + stderr);
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary><c>mailha status --json</c>: each service's line, typed, in configuration order.</summary>
    public static async Task<IReadOnlyList<ServiceLine>> StatusAsync(LabFixture lab, LabScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var (code, stdout, stderr) = await MailHaCli.RunAsync(lab, scope.DatabasePath, "", cancellationToken, "status", "--json");
        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        using var json = JsonDocument.Parse(stdout);
        return json.RootElement.GetProperty("services").Deserialize<List<ServiceLine>>(Json)!;
    }

    /// <summary><c>mailha mirror run --service NAME --json</c>: one mirror run of the service, with every guard.</summary>
    public static async Task<(int Code, string Output)> MirrorAsync(LabFixture lab, LabScope scope, string service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var (code, stdout, stderr) = await MailHaCli.RunAsync(lab, scope.DatabasePath, "", cancellationToken, "mirror", "run", "--service", service, "--json");
        return (code, stdout + stderr);
    }

    /// <summary><c>mailha evacuate|restore --node NODE --yes --json</c>: every service of one node moved, and which did.</summary>
    public static async Task<NodeMoveRun> NodeMoveAsync(LabFixture lab, LabScope scope, string verb, string node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var (code, stdout, stderr) = await MailHaCli.RunAsync(lab, scope.DatabasePath, "", cancellationToken, verb, "--node", node, "--yes", "--json");
        try
        {
            using var json = JsonDocument.Parse(stdout);
            var outcome = json.RootElement;
            return new NodeMoveRun(code, outcome.GetProperty("succeeded").GetBoolean(), outcome.GetProperty("moved").Deserialize<List<ServiceName>>(Json)!, stdout + stderr);
        }
        catch (JsonException)
        {
            return new NodeMoveRun(code, false, [], stdout + stderr);
        }
    }

    private static string? Outcome(string stdout)
    {
        try
        {
            using var json = JsonDocument.Parse(stdout);
            return json.RootElement.TryGetProperty("outcome", out var outcome) ? outcome.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>One service's line of <c>status --json</c>: its verdict and, when its standby is gone, why.</summary>
public sealed record ServiceLine(ServiceName Service, ServiceHealth Health, string? NoStandby);

/// <summary>What one CLI operation answered: its exit code, the report's outcome, and everything it printed.</summary>
public sealed record OperationRun(int Code, string? Outcome, string Output)
{
    public bool Succeeded => Code == 0 && Outcome == "Succeeded";

    public override string ToString() => $"exit {Code}, outcome {Outcome ?? "none"}:\n{Output}";
}

/// <summary>What <c>evacuate</c> or <c>restore</c> answered: its exit code, whether every move succeeded, the services that moved.</summary>
public sealed record NodeMoveRun(int Code, bool Succeeded, IReadOnlyList<ServiceName> Moved, string Output)
{
    public override string ToString() => $"exit {Code}, succeeded {Succeeded}, moved [{string.Join(", ", Moved)}]:\n{Output}";
}
