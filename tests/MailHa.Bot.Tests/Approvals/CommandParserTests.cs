using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.Pipeline;
using MailHa.Bot.UseCases;
using MailHa.Operations.Failover;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Bot.Tests.Approvals;

public sealed class CommandParserTests : IDisposable
{
    private readonly BotHarness _bot = new();

    private UseCaseCatalog Catalog => _bot.Services.GetRequiredService<UseCaseCatalog>();

    public void Dispose() => _bot.Dispose();

    [Theory]
    [InlineData("status")]
    [InlineData("/mail status")]
    [InlineData("mail status")]
    [InlineData("  /mail   status ")]
    public void Parse_ReadsStatus_WithOrWithoutMailPrefix(string text)
    {
        var (useCase, parsed) = Catalog.Parse(UseCaseCatalog.Tokens(text));

        Assert.IsType<StatusUseCase>(useCase);
        Assert.IsType<StatusRequest>(Assert.IsType<Request>(parsed).Value);
    }

    [Fact]
    public void Parse_ReadsOverrides_ForAFailover()
    {
        var (useCase, parsed) = Catalog.Parse(UseCaseCatalog.Tokens("failover --primary-down --accept-sync-failure"));

        Assert.IsType<FailoverUseCase>(useCase);
        var request = Assert.IsType<VipOperationRequest>(Assert.IsType<Request>(parsed).Value);
        Assert.Equal(new FailoverOverrides(true, true, false), request.Overrides);
    }

    [Fact]
    public void Resolve_GivesEachButtonsRequest_WithoutMakingText()
    {
        Assert.Equal(
            new OperatorRequest[]
            {
                new DecisionRequest(ApprovalDecision.Approve, "r-1a2b3c"),
                new DecisionRequest(ApprovalDecision.Reject, "r-1a2b3c"),
                new VipOperationRequest(OperationKind.Failover, new FailoverOverrides(PrimaryDown: true)),
                new ResumeRequest("switchover-20261126-004800-1a2b"),
            },
            new CardAction[]
            {
                new CardAction.Approve("r-1a2b3c"),
                new CardAction.Reject("r-1a2b3c"),
                new CardAction.RequestFailover(PrimaryDown: true),
                new CardAction.ResumeOperation("switchover-20261126-004800-1a2b"),
            }.Select(a => Assert.IsType<Request>(Catalog.Resolve(a).Parsed).Value));
        Assert.IsType<ApproveUseCase>(Catalog.Resolve(new CardAction.Approve("r-1a2b3c")).UseCase);
        Assert.IsType<RejectUseCase>(Catalog.Resolve(new CardAction.Reject("r-1a2b3c")).UseCase);
        Assert.IsType<FailoverUseCase>(Catalog.Resolve(new CardAction.RequestFailover(PrimaryDown: true)).UseCase);
        Assert.IsType<ResumeUseCase>(Catalog.Resolve(new CardAction.ResumeOperation("switchover-20261126-004800-1a2b")).UseCase);
    }

    [Theory]
    [InlineData("r-XYZ")]
    [InlineData("r-1a2b3c; status")]
    public void Resolve_IsAnError_WhenAButtonCarriesNoRequestId(string requestId)
    {
        Assert.IsType<Invalid>(Catalog.Resolve(new CardAction.Approve(requestId)).Parsed);
    }

    [Theory]
    [InlineData("failover --dry-run", OperationKind.Failover)]
    [InlineData("SWITCHOVER --dry-run", OperationKind.Switchover)]
    [InlineData("failback --accept-sync-failure --dry-run", OperationKind.Failback)]
    public void Parse_IsTheDryRun_WhenAnOperationHasDryRun(string text, OperationKind kind)
    {
        var (useCase, parsed) = Catalog.Parse(UseCaseCatalog.Tokens(text));

        Assert.IsType<DryRunUseCase>(useCase);
        Assert.Equal(new DryRunRequest(kind), Assert.IsType<Request>(parsed).Value);
    }

    [Theory]
    [InlineData("approve r-1a2b3c", ApprovalDecision.Approve)]
    [InlineData("reject r-00ff99", ApprovalDecision.Reject)]
    public void Parse_ReadsADecision_WhenTheIdHasTheRightShape(string text, ApprovalDecision decision)
    {
        var (_, parsed) = Catalog.Parse(UseCaseCatalog.Tokens(text));

        Assert.Equal(decision, Assert.IsType<DecisionRequest>(Assert.IsType<Request>(parsed).Value).Decision);
    }

    [Theory]
    [InlineData("approve r-1A2B3C")]
    [InlineData("approve 1a2b3c")]
    [InlineData("reject r-1a2b3c4")]
    [InlineData("approve r-1a2b3c r-1a2b3c")]
    public void Parse_RefusesADecision_WhenTheIdHasTheWrongShape(string text)
    {
        var (_, parsed) = Catalog.Parse(UseCaseCatalog.Tokens(text));

        Assert.IsType<Invalid>(parsed);
    }

    [Fact]
    public void Parse_EchoesAtMostABoundedPiece_OfAnUnknownCommand()
    {
        var (_, parsed) = Catalog.Parse([new string('x', 300_000)]);

        var unknown = Assert.IsType<UnknownCommand>(Assert.IsType<Invalid>(parsed).Reason);
        Assert.True(unknown.Describe().Length < 200, unknown.Describe());
        Assert.Contains("300000 characters", unknown.Verb, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_ListsEveryUseCase()
    {
        foreach (var useCase in _bot.Services.GetServices<IUseCase>())
        {
            Assert.Contains(useCase.Syntax.Usage, Catalog.Usage, StringComparison.Ordinal);
        }
    }
}
