using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.People;
using MailHa.Bot.Pipeline;
using MailHa.Bot.UseCases;
using MailHa.Operations.Audit;
using MailHa.Operations.Failover;
using MailHa.Operations.Mirror;
using MailHa.Operations.Roles;
using MailHa.Operations.Topology;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Bot.Tests.Approvals;

/// <summary>
/// The command line's break glass: what chat has a second person approve, the command line has its user confirm by
/// typing a node's name; what the checks refuse is refused without asking.
/// </summary>
public sealed class BreakGlassTests : IDisposable
{
    private readonly BotHarness _bot = new();
    private readonly List<string> _asked = [];

    public void Dispose() => _bot.Dispose();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MirrorResume_ChangesNothing_WhenTheActiveNodesNameIsMistyped()
    {
        await SubmitAsync<MirrorPauseUseCase>(new MirrorPauseRequest(), typed: null);

        var reply = await SubmitAsync<MirrorResumeUseCase>(new MirrorResumeRequest(), typed: "mail2");

        Assert.Equal(ReplyOutcome.NotConfirmed, reply.Outcome);
        Assert.Equal(["mail1"], _asked);
        Assert.True((await Roles().GetAsync(_bot.Service, Token)).MirrorPaused);
        var entry = (await _bot.Services.GetRequiredService<AuditLog>().RecentAsync(1, Token)).Single();
        var requested = Assert.IsType<ApprovalRequested>(entry.Event);
        Assert.Equal((AuditChannel.Cli, RequestOutcome.NotConfirmed), (requested.Channel, requested.Outcome));
    }

    [Fact]
    public async Task MirrorResume_ResumesTheMirror_WhenTheActiveNodesNameIsTyped()
    {
        await SubmitAsync<MirrorPauseUseCase>(new MirrorPauseRequest(), typed: null);

        var reply = await SubmitAsync<MirrorResumeUseCase>(new MirrorResumeRequest(), typed: "mail1");

        Assert.Equal(ReplyOutcome.Done, reply.Outcome);
        Assert.False(Assert.IsType<MirrorChanged>(Assert.IsType<ReplyResult.MirrorControlled>(reply.Result).Control).State.MirrorPaused);
        Assert.False((await Roles().GetAsync(_bot.Service, Token)).MirrorPaused);
        var head = await _bot.Services.GetRequiredService<AuditLog>().HeadAsync(Token);
        Assert.Equal(head!.Describe(), reply.Message.Sections[^1].Text);
    }

    [Fact]
    public async Task MirrorResume_IsRefusedWithoutAsking_WhenTheMirrorAlreadyRuns()
    {
        var reply = await SubmitAsync<MirrorResumeUseCase>(new MirrorResumeRequest(), typed: "mail1");

        var preview = await _bot.Services.GetRequiredService<MirrorResumeUseCase>().PreviewAsync(new MirrorResumeRequest(), Token);
        Assert.Equal(ReplyOutcome.Refused, reply.Outcome);
        Assert.Equal(new MirrorAlreadyRuns(new NodeName("mail1"), new NodeName("mail2")), preview.Refusal);
        Assert.Contains(preview.Refusal!.Describe(), reply.Message.Sections[0].Text, StringComparison.Ordinal);
        Assert.Empty(_asked);
    }

    [Fact]
    public async Task Failover_ConnectsToTheDeadPrimaryOnce_WhenTheCommandLinePlansThenRunsIt()
    {
        _bot.Nodes.Kill("mail1");

        var reply = await SubmitAsync<FailoverUseCase>(new VipOperationRequest(OperationKind.Failover, new FailoverOverrides(PrimaryDown: true)), typed: "mail2");

        Assert.Equal(ReplyOutcome.Done, reply.Outcome);
        Assert.Equal(["mail2"], _asked);
        Assert.Single(_bot.Nodes.CommandsTo("mail1"));
    }

    private RoleStore Roles() => _bot.Services.GetRequiredService<RoleStore>();

    private Task<ChatReply> SubmitAsync<TUseCase>(OperatorRequest request, string? typed)
        where TUseCase : IUseCase =>
        _bot.Services.GetRequiredService<ChatPipeline>().SubmitAsync(
            Caller.CommandLine("root"),
            _bot.Services.GetRequiredService<TUseCase>(),
            request,
            _bot.Conversation("cli"),
            preview =>
            {
                _asked.Add(preview.ConfirmWord ?? "");
                return Task.FromResult(typed);
            },
            Token);
}
