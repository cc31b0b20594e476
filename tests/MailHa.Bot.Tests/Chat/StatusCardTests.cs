using MailHa.Bot.Tests.Approvals;
using MailHa.Bot.UseCases;
using MailHa.Operations.Status;
using MailHa.Operations.Topology;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Bot.Tests.Chat;

/// <summary>
/// What the status card shows with several services, as typed values: each service's health, and the card shown is the
/// one rendered from that report (its words: <see cref="StatusCardTextTests"/>).
/// </summary>
public sealed class StatusCardTests
{
    [Fact]
    public async Task Status_IsMailDownNamingTheServiceOfTheCutNode_AndTheOtherDegraded_WhenMail1IsCutInSymmetric()
    {
        using var bot = new BotHarness(LabTopology.Symmetric);
        var chat = bot.Conversation("chat");
        bot.Nodes.Cut.Add("mail1");

        var report = await bot.Services.GetRequiredService<StatusService>().GetAsync(TestContext.Current.CancellationToken);
        var card = await bot.SayAsync(BotHarness.Slack("alice"), "status", chat);

        // a's VIP: mail1 cannot be asked and nothing answers on it: down, not "holder unknown, healthy".
        Assert.Equal([new ServiceName("jt-mail-a"), new ServiceName("jt-mail-b")], report.Services.Select(s => s.Service));
        Assert.Equal([ServiceHealth.Down, ServiceHealth.Degraded], report.Services.Select(s => s.Health));
        Assert.NotNull(report.Services[1].NoStandby);
        Assert.Equal(StatusUseCase.Card(report, "").Title, card!.Title);
    }
}
