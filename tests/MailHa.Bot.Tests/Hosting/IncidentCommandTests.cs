using System.Text.Json;
using MailHa.Bot.Cli;
using MailHa.Bot.Incidents;
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
        var journal = new OperationJournal(database, TimeProvider.System);
        await journal.StartAsync(
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

        // The Markdown of the timeline the records hold (its words: IncidentTextTests), each line citing its entry.
        var timeline = await new IncidentRecords(log, journal).FindAsync(OperationId, Token);
        Assert.NotNull(timeline);
        Assert.Equal(CliExit.Ok, run.ExitCode);
        Assert.Equal(IncidentText.Markdown(timeline), run.Output);
        Assert.Equal(
            [
                (requested.Seq, new TimelineFact.Requested("switchover", "alice", AuditChannel.Slack, "r-1a2b3c", "switchover ")),
                (approved.Seq, new TimelineFact.Approved((ApprovalDecided)approved.Event)),
                (step.Seq, new TimelineFact.VipAnswering(new NodeName("mail2"))),
            ],
            timeline.Lines.Where(l => l.Mark is TimelineMark.Requested or TimelineMark.Approved or TimelineMark.VipAnswering).Select(l => (l.Seq, l.What)));
        Assert.NotNull(timeline.Restore);
        Assert.Equal(CliExit.Failed, unknown.ExitCode);
        Assert.Contains("'failover-20261205-031412-0000'", unknown.Error, StringComparison.Ordinal);
    }
}
