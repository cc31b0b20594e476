using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.People;
using MailHa.Bot.Pipeline;
using MailHa.Bot.Tests.Approvals;
using MailHa.Bot.Tests.Teams;
using MailHa.Bot.UseCases;
using MailHa.Operations.Journal;
using MailHa.Operations.Status;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MailHa.Bot.Tests.Journal;

/// <summary>
/// PostgreSQL stopped under a running bot (by its PID, as an outage would) and started again: status answers from the
/// nodes and says the journal is unreachable, what would be recorded is refused as <see cref="ReplyOutcome.JournalUnreachable"/>,
/// pending requests survive, the outage is logged once and its end once, and everything works again without a restart.
/// </summary>
public sealed class JournalOutageTests(RestartablePostgres postgres) : IClassFixture<RestartablePostgres>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Status_AnswersFromTheNodesWithRolesAsLastKnown_WhenPostgresIsStopped()
    {
        using var bot = await BotHarness.StartAsync(StorageProvider.PostgreSql, postgres.Server);
        var status = bot.Services.GetRequiredService<StatusService>();
        var before = await status.GetAsync(Token);

        await postgres.Server.StopAsync();
        StatusReport during;
        try
        {
            during = await status.GetAsync(Token);
        }
        finally
        {
            await postgres.Server.StartAsync();
        }

        var after = await status.GetAsync(Token);

        Assert.Null(before.Journal);
        var outage = Assert.IsType<JournalOutageStatus>(during.Journal);
        Assert.IsType<RolesSource.LastKnown>(outage.Roles);
        Assert.Equal(before.Roles, during.Roles);
        Assert.Equal((before.Vip!.Verdict, before.Vip.Holder), (during.Vip!.Verdict, during.Vip.Holder));
        Assert.All(during.Nodes, n => Assert.True(n.Reachable));
        Assert.Equal(outage.Describe(), StatusText.Lines(during)[0]);
        Assert.Null(after.Journal);
    }

    [Fact]
    public async Task Status_TakesTheRolesFromTheNodesStateFiles_WhenTheBotNeverReadTheJournal()
    {
        using var bot = await BotHarness.StartAsync(StorageProvider.PostgreSql, postgres.Server);
        bot.Nodes.StateFiles["mail1"] = "generation=6\nactive=mail2\nstandby=mail1\npaused=1\nchanged_at=0\n";
        bot.Nodes.StateFiles["mail2"] = "generation=5\nactive=mail1\nstandby=mail2\npaused=0\nchanged_at=0\n";

        await postgres.Server.StopAsync();
        StatusReport during;
        try
        {
            bot.Restart();
            during = await bot.Services.GetRequiredService<StatusService>().GetAsync(Token);
        }
        finally
        {
            await postgres.Server.StartAsync();
        }

        var outage = Assert.IsType<JournalOutageStatus>(during.Journal);
        Assert.Equal(new RolesSource.StateFile(new("mail1")), outage.Roles);
        Assert.Equal((6L, "mail2", true), (during.Roles.Generation, during.Roles.Active.Value, during.Roles.MirrorPaused));
    }

    [Fact]
    public async Task RequestsAndApprovals_AreRefusedAsJournalUnreachable_AndThePendingRequestIsApprovedOnceItIsBack()
    {
        var logs = new CapturedLogs();
        using var bot = await BotHarness.StartAsync(StorageProvider.PostgreSql, postgres.Server, services =>
        {
            services.AddLogging(l => l.AddProvider(logs));
        });
        var slack = bot.Conversation("slack:C1");
        await bot.SayAsync(BotHarness.Slack("alice"), "switchover", slack);
        var id = Assert.Single(await bot.Services.GetRequiredService<ApprovalService>().PendingAsync(Token)).Id;

        await postgres.Server.StopAsync();
        try
        {
            await bot.ClickAsync(BotHarness.Teams("bob"), new CardAction.Approve(id), bot.Conversation("teams:c"));
            await bot.SayAsync(BotHarness.Slack("bob"), "mirror pause", slack);
            await bot.SayAsync(BotHarness.Slack("bob"), "switchover", slack);
            var status = await bot.SayAsync(BotHarness.Slack("carol"), "status", slack);
            var report = await bot.Services.GetRequiredService<StatusService>().GetAsync(Token);
            Assert.NotNull(report.Journal);
            Assert.Equal(StatusUseCase.Card(report, "").Title, status!.Title);
        }
        finally
        {
            await postgres.Server.StartAsync();
        }

        await bot.ClickAsync(BotHarness.Teams("bob"), new CardAction.Approve(id), bot.Conversation("teams:c"));
        await slack.WaitForAsync(m => m.Title.EndsWith(": SUCCEEDED", StringComparison.Ordinal) || m.Title.EndsWith(": FAILED", StringComparison.Ordinal), Wait.Token());

        Assert.Equal(
            [ReplyOutcome.Pending, ReplyOutcome.JournalUnreachable, ReplyOutcome.JournalUnreachable, ReplyOutcome.JournalUnreachable, ReplyOutcome.Answered, ReplyOutcome.Approved],
            bot.Outcomes.Seen);
        Assert.Equal(ApprovalState.Succeeded, (await bot.Services.GetRequiredService<ApprovalService>().FindAsync(id, Token))!.State);
        Assert.Equal("mail2", bot.Nodes.VipHolder);

        // One warning when the outage began, one line when it ended: not one per request.
        Assert.Single(logs.Messages(1290));
        Assert.Single(logs.Messages(1291));
        Assert.Equal(3, logs.Messages(5301).Count());
    }

    [Fact]
    public async Task Refusal_CarriesTheOutageAsAType_WhenTheCommandLineAsksWhilePostgresIsStopped()
    {
        using var bot = await BotHarness.StartAsync(StorageProvider.PostgreSql, postgres.Server);
        var pipeline = bot.Services.GetRequiredService<ChatPipeline>();
        var catalog = bot.Services.GetRequiredService<UseCaseCatalog>();
        var (useCase, parsed) = catalog.Parse(["mirror", "pause"]);

        await postgres.Server.StopAsync();
        ChatReply reply;
        try
        {
            reply = await pipeline.SubmitAsync(
                Caller.CommandLine("root"), useCase!, ((Request)parsed).Value, bot.Conversation("cli"), _ => Task.FromResult<string?>("yes"), Token);
        }
        finally
        {
            await postgres.Server.StartAsync();
        }

        Assert.Equal(ReplyOutcome.JournalUnreachable, reply.Outcome);
        var down = Assert.IsType<ReplyResult.JournalDown>(reply.Result);
        Assert.Equal(down.Outage, bot.Services.GetRequiredService<JournalDatabase>().Availability.Outage);
    }
}
