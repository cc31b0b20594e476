using System.Text.Json;
using MailHa.Bot.Cli;
using MailHa.Bot.Tests.Approvals;
using MailHa.Bot.Tests.Manifests;
using MailHa.Operations.Audit;
using MailHa.Operations.Failover;
using MailHa.Operations.Journal;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Tests.Hosting;

/// <summary><c>mailha incident ID --markdown</c> against a journal holding one switchover, as the engine records it.</summary>
public sealed class IncidentCommandTests
{
    private const string OperationId = "switchover-20261205-031412-9c1e";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Incident_WritesTheTimelineAsMarkdown_CitingEachAuditEntry_AndFailsForAnUnknownId()
    {
        using var scratch = new ScratchFolder();
        var settings = BotHarness.Settings(scratch.Path);
        var config = scratch.File("mailha.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(settings), Token);
        var database = new JournalDatabase(Options.Create(new JournalOptions { DatabasePath = settings["MailHa:Storage:DatabasePath"]! }), TempJournal.OperationsSchemas);
        var log = new AuditLog(database, TimeProvider.System);
        await new OperationJournal(database, TimeProvider.System).StartAsync(
            new OperationRecord(new ServiceName("jt-mail"), OperationId, OperationKind.Switchover, new NodeName("mail1"), new NodeName("mail2"), 1, "alice", "bob", OperationJournal.Running, DateTimeOffset.UtcNow, new HashSet<string>()),
            FailoverOverrides.None.ToString(),
            Token);
        var requested = await log.AppendAsync(new ApprovalRequested("alice", AuditChannel.Slack, "switchover ", RequestOutcome.Pending, "r-1a2b3c"), Token);
        var approved = await log.AppendAsync(new ApprovalDecided("bob", AuditChannel.Teams, "r-1a2b3c", ApprovalVerdict.Approve, DecisionOutcome.Approved, "Switchover"), Token);
        await log.AppendAsync(new ApprovedRunStarted("alice", AuditChannel.Slack, "switchover", "r-1a2b3c"), Token);
        await log.AppendAsync(new OperationStarted("alice", $"switchover {OperationId}", false, "mail1 → mail2"), Token);
        var step = await log.AppendAsync(new OperationStep("alice", $"switchover {OperationId}", "verify-vip", true, "answers"), Token);
        await log.AppendAsync(new OperationEnded("alice", $"switchover {OperationId}", true, "done"), Token);

        var run = await ManifestCli.RunAsync("incident", OperationId, "--markdown", "--config", config);
        var unknown = await ManifestCli.RunAsync("incident", "failover-20261205-031412-0000", "--config", config);

        Assert.Equal(CliExit.Ok, run.ExitCode);
        Assert.StartsWith($"# Incident timeline: switchover {OperationId}: mail1 → mail2", run.Output, StringComparison.Ordinal);
        Assert.Contains($"| {requested.Seq} | switchover requested by alice on Slack (r-1a2b3c): switchover  |", run.Output, StringComparison.Ordinal);
        Assert.Contains($"| {approved.Seq} | approved by bob on Teams (r-1a2b3c) |", run.Output, StringComparison.Ordinal);
        Assert.Contains($"| {step.Seq} | the VIP answers from mail2 |", run.Output, StringComparison.Ordinal);
        Assert.Contains("## Time to restore", run.Output, StringComparison.Ordinal);
        Assert.Equal(CliExit.Failed, unknown.ExitCode);
        Assert.Contains("No operation or outage 'failover-20261205-031412-0000' was recorded.", unknown.Error, StringComparison.Ordinal);
    }
}
