using System.Text.RegularExpressions;
using MailHa.Bot.Alerts;
using MailHa.Operations.Mirror;
using MailHa.Operations.Mirror.Continuous;
using MailHa.Operations.Reporting;
using MailHa.Operations.Status;
using Microsoft.Extensions.DependencyInjection;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace MailHa.Bot.Tests.Monitoring;

/// <summary>
/// The example alert rules in docs/prometheus, read as YAML (CI has no promtool): the alerts the runbook promises,
/// each with a severity, a summary and a runbook section that exists, over metrics MailHa really exports.
/// </summary>
public sealed partial class AlertRulesTests
{
    private static readonly string Root = FindRepositoryRoot();

    [Fact]
    public void AlertRules_CoverMailHaDownStaleMirrorBrokenReplicationAndSplitBrain_EachWithARunbookSection()
    {
        var rules = Rules();
        var runbook = File.ReadAllLines(Path.Combine(Root, "docs", "runbook.md"));

        Assert.Superset(
            new HashSet<string>(["MailHaDown", "MailHaMirrorStale", "MailHaDirectoryReplicationBroken", "MailHaSplitBrain"], StringComparer.Ordinal),
            rules.Select(r => r.Alert).ToHashSet(StringComparer.Ordinal));
        Assert.All(rules, rule =>
        {
            Assert.Contains(rule.Labels.GetValueOrDefault("severity"), new[] { "critical", "warning" });
            Assert.False(string.IsNullOrWhiteSpace(rule.Annotations.GetValueOrDefault("summary")), rule.Alert);
            var anchor = rule.Annotations["runbook"].Split('#')[1];
            Assert.Contains(runbook, line => line.StartsWith("### ", StringComparison.Ordinal) && string.Equals(line[4..].Trim(), anchor, StringComparison.OrdinalIgnoreCase));
        });
    }

    [Fact]
    public async Task AlertRules_NameOnlyMetricsMailHaExports_AfterAMirrorRunStatusAndHealthWatch()
    {
        await using var host = await MonitoringHost.StartAsync();
        var token = TestContext.Current.CancellationToken;
        await host.Services.GetRequiredService<MirrorRunner>().RunAsync(new MirrorRequest(host.Services.GetRequiredService<MailHa.Operations.Topology.MailTopology>().Services[0], "test"), token);
        await host.Services.GetRequiredService<StatusService>().GetAsync(token);
        await host.Services.GetRequiredService<HealthWatch>().CheckAsync(token);
        // The continuous mirror's heartbeat (only the leader in Continuous mode measures; here told directly).
        await host.Services.GetServices<IReportObserver<MirrorLagMeasured>>().NotifyAsync(new MirrorLagMeasured(host.Services.GetRequiredService<MailHa.Operations.Topology.MailTopology>().Services[0].Name, TimeSpan.FromSeconds(2)), TimeSpan.Zero, token);

        var (_, metrics) = await host.GetAsync("/metrics");

        var exported = metrics.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => MetricName().Match(l).Value).ToHashSet(StringComparer.Ordinal);
        var named = Rules().SelectMany(r => MetricName().Matches(r.Expr).Select(m => m.Value)).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(named);
        Assert.Subset(exported, named);
    }

    private static List<Rule> Rules()
    {
        var yaml = File.ReadAllText(Path.Combine(Root, "docs", "prometheus", "mailha-alerts.yml"));
        var file = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build().Deserialize<RuleFile>(yaml);
        return [.. file.Groups.SelectMany(g => g.Rules)];
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MailHa.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("MailHa.sln not found above the test assembly.");
    }

    [GeneratedRegex("mailha_[a-z_]+")]
    private static partial Regex MetricName();

    private sealed class RuleFile
    {
        public List<RuleGroup> Groups { get; set; } = [];
    }

    private sealed class RuleGroup
    {
        public string Name { get; set; } = "";

        public List<Rule> Rules { get; set; } = [];
    }

    private sealed class Rule
    {
        public string Alert { get; set; } = "";

        public string Expr { get; set; } = "";

        public string? For { get; set; }

        public Dictionary<string, string> Labels { get; set; } = [];

        public Dictionary<string, string> Annotations { get; set; } = [];
    }
}
