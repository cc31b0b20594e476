using MailHa.Bot.Alerts;
using MailHa.Bot.Chat;
using MailHa.Bot.Tests.Approvals;
using MailHa.Operations.Mirror;
using MailHa.Operations.Roles;
using MailHa.Operations.Topology;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Bot.Tests.Alerts;

/// <summary>
/// The words of the automatic failover proposal when it targets a node past the service's recorded standby (N+1,
/// jt-mail-a on [mail1, mail3, mail2]: its standby mail3, of capacity 1, already runs jt-mail-b, so a goes to mail2,
/// which the mirror never fed): the card says how old mail2's own copy is, or that it was never mirrored into.
/// </summary>
public sealed class ProposalTextTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);
    private static readonly ServiceName A = new("jt-mail-a");

    private readonly BotHarness _bot = new(LabTopology.NPlusOne, new Dictionary<string, string?> { ["MailHa:Services:0:Nodes:2"] = "mail2" });

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _bot.Dispose();

    [Fact]
    public async Task Proposal_SaysTheNodePastTheStandbyWasNeverMirroredInto_WhenNoRunEverPulledIntoIt()
    {
        var card = await ProposalAsync();

        Assert.Equal("🚨 mail1 (active) is DOWN: failover of jt-mail-a to mail2 proposed", card.Title);
        Assert.Contains(
            "jt-mail-a to mail2: Mirror age: mail2 (past the standby mail3, which the mirror feeds) was never mirrored into: it would serve whatever copy it holds.",
            Text(card),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Proposal_SaysHowOldTheCopyOnTheNodePastTheStandbyIs_WhenARunOncePulledIntoIt()
    {
        var startedAt = _bot.Time.GetUtcNow().AddHours(-5);
        await _bot.Services.GetRequiredService<MirrorHistory>().RecordAsync(
            new MirrorRun(A, 0, startedAt, startedAt.AddSeconds(4), "chat:alice", new NodeName("mail1"), new NodeName("mail2"), 1, new Transferred(0), 0, null), Token);

        var card = await ProposalAsync();

        Assert.Contains(
            "jt-mail-a to mail2: Mirror age: mail2's copy is 5h00m old (its last good run 2026-11-25 07:00Z; the mirror feeds the standby mail3, not it).",
            Text(card),
            StringComparison.Ordinal);
    }

    /// <summary>jt-mail-b runs on mail3 (switched over), then mail1 stops answering; the watch proposes after its down period.</summary>
    private async Task<ChatMessage> ProposalAsync()
    {
        var b = _bot.Services.GetRequiredService<MailTopology>().Services[1];
        var roles = _bot.Services.GetRequiredService<RoleStore>();
        Assert.NotNull(await roles.ChangeAsync(b, (await roles.GetAsync(b, Token)).Generation, new NodeName("mail3"), false, "bob", "switchover", Token));
        _bot.Nodes.Cut.Add("mail1");
        var watch = _bot.Services.GetRequiredService<ActiveNodeWatch>();
        for (var i = 0; i < 6; i++)
        {
            if (i > 0)
            {
                _bot.Time.Advance(Interval);
            }

            await watch.CheckAsync(Token);
        }

        return Assert.Single(_bot.AlertChannel.Posts.Select(p => p.Content), m => m.Title.Contains("is DOWN: failover", StringComparison.Ordinal));
    }

    private static string Text(ChatMessage card) => string.Join('\n', card.Sections.Select(s => s.Text));
}
