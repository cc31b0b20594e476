using MailHa.Bot.Alerts;
using MailHa.Bot.Chat;
using MailHa.Bot.Tests.Approvals;
using MailHa.Operations.Failover;
using MailHa.Operations.Mirror;
using MailHa.Operations.Status;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Bot.Tests.Monitoring;

public sealed class MetricsTests
{
    [Fact]
    public async Task Metrics_ShowTheRunWithItsOutcome_AfterAMirrorRun()
    {
        await using var host = await MonitoringHost.StartAsync();

        var run = await host.Services.GetRequiredService<MirrorRunner>().RunAsync(new MirrorRequest(host.Services.GetRequiredService<MailHa.Operations.Topology.MailTopology>().Services[0], "test"), TestContext.Current.CancellationToken);
        var (_, metrics) = await host.GetAsync("/metrics");

        Assert.Equal(MirrorVerdict.Succeeded, run.Verdict);
        var lines = metrics.Split('\n');
        Assert.Contains($"mailha_mirror_runs_total{{service=\"{Service(host)}\",outcome=\"succeeded\"}} 1", lines);
        Assert.Contains($"mailha_mirror_last_outcome{{service=\"{Service(host)}\",outcome=\"succeeded\"}} 1", lines);
        Assert.Contains($"mailha_mirror_last_outcome{{service=\"{Service(host)}\",outcome=\"failed\"}} 0", lines);
        Assert.Contains($"mailha_mirror_run_duration_seconds_count{{service=\"{Service(host)}\"}} 1", lines);
        // The age counts from this run, not from the epoch that stands for "never".
        Assert.True(Value(lines, $"mailha_mirror_last_good_age_seconds{{service=\"{Service(host)}\"}}") < TimeSpan.FromDays(1).TotalSeconds);
        Assert.Contains(lines, l => l.StartsWith($"mailha_mirror_last_bytes_received{{service=\"{Service(host)}\"}} ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_CountChatRequestsByChannelAndOutcome_OncePerDelivery()
    {
        await using var host = await MonitoringHost.StartAsync();
        var router = host.Services.GetRequiredService<IChatRouter>();
        var stranger = new ChatUser(ChatPlatform.Slack, "T1", "U-stranger", "stranger");
        var conversation = new RecordingConversation("chat");
        var token = TestContext.Current.CancellationToken;

        await router.HandleAsync(new ChatCommandEvent(stranger, "d-1", "/mail help"), conversation, token);
        await router.HandleAsync(new ChatCommandEvent(stranger, "d-1", "/mail help"), conversation, token);
        await router.HandleAsync(new ChatCommandEvent(stranger, "d-2", "/mail failover"), conversation, token);
        var (_, metrics) = await host.GetAsync("/metrics");

        // The repeated delivery is dropped before it is counted; a stranger gets help and is refused the rest.
        var lines = metrics.Split('\n');
        Assert.Contains("mailha_chat_requests_total{channel=\"slack\",outcome=\"answered\"} 1", lines);
        Assert.Contains("mailha_chat_requests_total{channel=\"slack\",outcome=\"refused\"} 1", lines);
    }

    [Fact]
    public async Task Metrics_SayTheMirrorNeverSucceeded_WhenNoRunIsRecorded()
    {
        await using var host = await MonitoringHost.StartAsync();

        var (_, metrics) = await host.GetAsync("/metrics");

        var lines = metrics.Split('\n');
        Assert.Contains($"mailha_mirror_last_good_timestamp_seconds{{service=\"{Service(host)}\"}} 0", lines);
        Assert.True(Value(lines, $"mailha_mirror_last_good_age_seconds{{service=\"{Service(host)}\"}}") > TimeSpan.FromDays(365 * 50).TotalSeconds);
    }

    [Fact]
    public async Task Metrics_ShowVipHoldersReplicationAndLatency_AfterAStatus()
    {
        await using var host = await MonitoringHost.StartAsync();

        await host.Services.GetRequiredService<StatusService>().GetAsync(TestContext.Current.CancellationToken);
        var (_, metrics) = await host.GetAsync("/metrics");

        var lines = metrics.Split('\n');
        Assert.Contains($"mailha_vip_holders{{service=\"{Service(host)}\"}} 1", lines);
        Assert.Contains("mailha_directory_replication_lag_seconds{pair=\"mail1–mail2\",suffix=\"o=internet\"} 0", lines);
        Assert.Contains("mailha_directory_replication_broken{pair=\"mail1–mail2\",suffix=\"o=internet\"} 0", lines);
        Assert.Contains("mailha_status_duration_seconds_count 1", lines);
    }

    [Fact]
    public async Task Metrics_ShowWhatTheLastFullCollectionFoundAlive_AfterOne()
    {
        await using var host = await MonitoringHost.StartAsync();
        var before = GC.CollectionCount(2);

        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        var (_, metrics) = await host.GetAsync("/metrics");

        var lines = metrics.Split('\n');
        Assert.True(Value(lines, "mailha_process_gc_full_collections") > before);
        Assert.True(Value(lines, "mailha_process_gc_live_bytes") > 0);
        Assert.True(Value(lines, "mailha_process_resident_bytes") > Value(lines, "mailha_process_gc_live_bytes"));
    }

    [Fact]
    public async Task Metrics_CountTwoVipHolders_AfterAHealthWatchFindsSplitBrain()
    {
        await using var host = await MonitoringHost.StartAsync();
        host.Nodes.SplitBrain = true;

        await host.Services.GetRequiredService<HealthWatch>().CheckAsync(TestContext.Current.CancellationToken);
        var (_, metrics) = await host.GetAsync("/metrics");

        var lines = metrics.Split('\n');
        Assert.Contains($"mailha_vip_holders{{service=\"{Service(host)}\"}} 2", lines);
        Assert.Contains(lines, l => l.StartsWith("mailha_health_watch_last_run_timestamp_seconds ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_CountOperationsByKindAndOutcome_AfterARefusedFailback()
    {
        await using var host = await MonitoringHost.StartAsync();

        // mail1 is the primary and active: there is nothing to fail back.
        var report = await host.Services.GetRequiredService<FailoverEngine>().RunAsync(
            new FailoverRequest(host.Services.GetRequiredService<MailHa.Operations.Topology.MailTopology>().Services[0], OperationKind.Failback, "alice", "bob", FailoverOverrides.None), null, TestContext.Current.CancellationToken);
        var (_, metrics) = await host.GetAsync("/metrics");

        Assert.Equal(FailoverOutcome.Refused, report.Outcome);
        var lines = metrics.Split('\n');
        Assert.Contains($"mailha_operations_total{{service=\"{Service(host)}\",kind=\"failback\",outcome=\"refused\"}} 1", lines);
        Assert.Contains($"mailha_operations_total{{service=\"{Service(host)}\",kind=\"switchover\",outcome=\"succeeded\"}} 0", lines);
        Assert.Contains("mailha_approvals_pending 0", lines);
    }

    [Fact]
    public async Task Metrics_LabelEachServicesSeries_WhenTwoServicesAreConfigured()
    {
        await using var host = await MonitoringHost.StartAsync(Symmetric);
        var token = TestContext.Current.CancellationToken;
        var topology = host.Services.GetRequiredService<MailHa.Operations.Topology.MailTopology>();

        await host.Services.GetRequiredService<MirrorRunner>().RunAsync(new MirrorRequest(topology.Services[1], "test"), token);
        await host.Services.GetRequiredService<HealthWatch>().CheckAsync(token);
        var (_, metrics) = await host.GetAsync("/metrics");

        // b ran, a never did: each says so in its own series; each VIP is counted for its own service.
        var lines = metrics.Split('\n');
        Assert.Contains("mailha_mirror_runs_total{service=\"b\",outcome=\"succeeded\"} 1", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("mailha_mirror_runs_total{service=\"a\"", StringComparison.Ordinal));
        Assert.Contains("mailha_mirror_last_good_timestamp_seconds{service=\"a\"} 0", lines);
        Assert.True(Value(lines, "mailha_mirror_last_good_age_seconds{service=\"b\"}") < TimeSpan.FromDays(1).TotalSeconds);
        Assert.Contains(lines, l => l.StartsWith("mailha_vip_holders{service=\"a\"} ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("mailha_vip_holders{service=\"b\"} ", StringComparison.Ordinal));
        Assert.Contains("mailha_directory_replication_broken{pair=\"mail1–mail2\",suffix=\"o=internet\"} 0", lines);
    }

    /// <summary>The two nodes as a symmetric site: service a homed on mail1, b on mail2, each with its VIP and store.</summary>
    [Fact]
    public async Task Metrics_CountEachOperationUnderItsService_WhenTwoServicesAreConfigured()
    {
        await using var host = await MonitoringHost.StartAsync(Symmetric);
        var topology = host.Services.GetRequiredService<MailHa.Operations.Topology.MailTopology>();

        // b runs on its home node mail2: there is nothing to fail back.
        var report = await host.Services.GetRequiredService<FailoverEngine>().RunAsync(
            new FailoverRequest(topology.Services[1], OperationKind.Failback, "alice", "bob", FailoverOverrides.None), null, TestContext.Current.CancellationToken);
        var (_, metrics) = await host.GetAsync("/metrics");

        Assert.Equal((FailoverOutcome.Refused, topology.Services[1].Name), (report.Outcome, report.Service));
        var lines = metrics.Split('\n');
        Assert.Contains("mailha_operations_total{service=\"b\",kind=\"failback\",outcome=\"refused\"} 1", lines);
        Assert.Contains("mailha_operations_total{service=\"a\",kind=\"failback\",outcome=\"refused\"} 0", lines);
    }

    internal static void Symmetric(Dictionary<string, string?> settings)
    {
        settings.Remove("MailHa:Vip:Address");
        settings.Remove("MailHa:Vip:Interface");
        settings.Remove("MailHa:Vip:Label");
        settings.Remove("MailHa:Nodes:0:Role");
        settings.Remove("MailHa:Nodes:1:Role");
        string[][] services = [["a", "mail1", "mail2", "10"], ["b", "mail2", "mail1", "11"]];
        for (var i = 0; i < services.Length; i++)
        {
            var (name, prefix) = (services[i][0], $"MailHa:Services:{i}:");
            settings[prefix + "Name"] = name;
            settings[prefix + "Nodes:0"] = services[i][1];
            settings[prefix + "Nodes:1"] = services[i][2];
            settings[prefix + "Vip:Address"] = $"198.18.15.{services[i][3]}";
            settings[prefix + "Vip:Interface"] = "eth0";
            settings[prefix + "Vip:Label"] = $"eth0:{name}";
            settings[prefix + "Mirror:Module"] = $"msgstore-{name}";
            settings[prefix + "Mirror:StorePath"] = $"/srv/msgstore/{name}/store/partition";
            settings[prefix + "Mirror:StateFile"] = $"/srv/state/mailha-roles-{name}";
        }
    }

    private static string Service(MonitoringHost host) =>
        host.Services.GetRequiredService<MailHa.Operations.Topology.MailTopology>().Services[0].Name.ToString();

    private static double Value(string[] lines, string metric) =>
        double.Parse(lines.Single(l => l.StartsWith(metric + " ", StringComparison.Ordinal))[(metric.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}
