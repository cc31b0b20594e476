using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.UseCases;
using MailHa.Operations.Failover;
using MailHa.Operations.Status;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Bot.Tests.Approvals;

public sealed class RouterTests : IDisposable
{
    private readonly BotHarness _bot = new();
    private RecordingConversation Channel => _bot.Conversation("slack:C1");

    public void Dispose() => _bot.Dispose();

    /// <summary>The plan the engine makes now for <paramref name="kind"/> of the one service: what a dry run shows.</summary>
    private Task<FailoverPlan> PlanAsync(OperationKind kind) =>
        _bot.Services.GetRequiredService<FailoverEngine>().PlanAsync(new FailoverRequest(_bot.Service, kind, "carol", "", FailoverOverrides.None), TestContext.Current.CancellationToken);

    [Fact]
    public async Task Handle_AnswersOnlyHelp_WhenPersonIsUnknown()
    {
        var stranger = new ChatUser(ChatPlatform.Slack, "T1", "U-unknown", "alice");

        await _bot.SayAsync(stranger, "help", Channel);
        await _bot.SayAsync(stranger, "status", Channel);
        await _bot.SayAsync(stranger, "failover", Channel);

        Assert.Equal([ReplyOutcome.Answered, ReplyOutcome.Refused, ReplyOutcome.Refused], _bot.Outcomes.Seen);
        Assert.Empty(Channel.Posts);
    }

    [Fact]
    public async Task Handle_RefusesARequest_WhenPersonMayOnlyRead()
    {
        await _bot.SayAsync(BotHarness.Slack("carol"), "failover", Channel);
        await _bot.SayAsync(BotHarness.Slack("carol"), "status", Channel);

        // carol may read (status is answered) but not request: the failover is refused and nothing waits for approval.
        Assert.Equal([ReplyOutcome.Refused, ReplyOutcome.Answered], _bot.Outcomes.Seen);
        Assert.Empty(await _bot.Services.GetRequiredService<ApprovalService>().PendingAsync(TestContext.Current.CancellationToken));
        Assert.Empty(Channel.Posts);
    }

    [Fact]
    public async Task Handle_ShowsStatus_WithVipHolderAndPendingApprovals()
    {
        await _bot.SayAsync(BotHarness.Slack("alice"), "switchover", Channel);

        var status = await _bot.SayAsync(BotHarness.Teams("carol"), "status", Channel);

        var report = await _bot.Services.GetRequiredService<StatusService>().GetAsync(TestContext.Current.CancellationToken);
        var pending = Assert.Single(await _bot.Services.GetRequiredService<ApprovalService>().PendingAsync(TestContext.Current.CancellationToken));
        Assert.Equal((VipVerdict.HeldBy, new NodeName("mail1"), ServiceHealth.Healthy), (report.Vip?.Verdict, report.Vip?.Holder, StatusText.Worst(report)));
        Assert.Equal(StatusUseCase.Card(report, "").Title, status!.Title);
        Assert.Contains(status.Sections, s => s.Behind is null && s.Text.Contains(pending.Id, StringComparison.Ordinal));
        Assert.Contains(status.Sections, s => s.Behind is not null && s.Text.StartsWith(StatusText.Format(report).TrimEnd(), StringComparison.Ordinal) && s.Text.Contains(pending.Id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Handle_DryRunChangesNothing_AndShowsThePlan()
    {
        var answer = await _bot.SayAsync(BotHarness.Slack("carol"), "failover --dry-run", Channel);

        var plan = await PlanAsync(OperationKind.Failover);
        Assert.Equal(ReplyOutcome.Answered, _bot.Outcomes.Last);
        Assert.Equal((8, "record-roles"), (plan.Steps.Count, plan.Steps[^1].Name));
        Assert.Equal(VipOperationUseCase.PlanSections(plan), answer!.Sections.TakeLast(VipOperationUseCase.PlanSections(plan).Count));
        Assert.Equal("mail1", _bot.Nodes.VipHolder);
        Assert.Empty(Channel.Posts);
    }

    [Fact]
    public async Task Handle_ShowsStatusAsSplitBrain_WhenBothNodesHoldTheVip()
    {
        _bot.Nodes.SplitBrain = true;

        var status = await _bot.SayAsync(BotHarness.Slack("carol"), "status", Channel);

        var report = await _bot.Services.GetRequiredService<StatusService>().GetAsync(TestContext.Current.CancellationToken);
        Assert.Equal((VipVerdict.SplitBrain, ServiceHealth.SplitBrain), (report.Vip?.Verdict, StatusText.Worst(report)));
        Assert.Equal(StatusUseCase.Card(report, "").Title, status!.Title);
    }

    [Fact]
    public async Task Handle_PutsTheCommandsBehindShowCommands_InADryRun()
    {
        var answer = await _bot.SayAsync(BotHarness.Slack("carol"), "switchover --dry-run", Channel);

        // Each line of every command the plan runs (the longer ones: a short "fi" could be in any text).
        var plan = await PlanAsync(OperationKind.Switchover);
        var lines = plan.Steps.SelectMany(s => s.Commands).SelectMany(c => c.Text.Split('\n')).Select(l => l.Trim()).Where(l => l.Length > 20).ToList();
        Assert.Equal(VipOperationUseCase.PlanSections(plan), answer!.Sections);
        var commands = Assert.Single(answer.Sections, s => s.Behind == VipOperationUseCase.ShowCommands);
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Contains(l, commands.Text, StringComparison.Ordinal));
        Assert.DoesNotContain(answer.Sections.Where(s => s.Behind is null), s => lines.Any(l => s.Text.Contains(l, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("reboot")]
    [InlineData("failover --force")]
    [InlineData("mirror")]
    [InlineData("status now")]
    public async Task Handle_AnswersUsage_WhenCommandIsUnknownOrMalformed(string text)
    {
        var answer = await _bot.SayAsync(BotHarness.Slack("alice"), text, Channel);

        // Refused to the asker alone, with the usage that 'help' shows.
        var help = await _bot.SayAsync(BotHarness.Slack("alice"), "help", Channel);
        Assert.Equal(ReplyOutcome.Refused, _bot.Outcomes.Seen[0]);
        Assert.Equal(ChatAudience.Asker, answer!.Audience);
        Assert.Equal(help!.Sections, answer.Sections);
        Assert.Empty(_bot.Nodes.Commands);
    }
}
