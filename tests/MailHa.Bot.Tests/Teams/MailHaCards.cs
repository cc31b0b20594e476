using MailHa.Bot.Alerts;
using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.Tests.Approvals;
using MailHa.Operations.Liveness;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Bot.Tests.Teams;

/// <summary>
/// The messages MailHa really produces for the cards an on-call person reads most, made by the bot's real router,
/// approvals, alerts and audit over fake nodes (<see cref="BotHarness"/>), in one conversation as in Teams.
/// </summary>
internal static class MailHaCards
{
    public const string Help = "help";
    public const string StatusHealthy = "status (healthy)";
    public const string StatusDegraded = "status (degraded)";
    public const string StatusServices = "status (two services)";
    public const string DryRun = "dry run";
    public const string ApprovalRequest = "approval request";
    public const string ApprovalDecided = "approval decided";
    public const string Approvals = "approvals";
    public const string Audit = "audit";
    public const string MirrorHistory = "mirror history";
    public const string FailoverProposal = "failover proposal";

    public static async Task<IReadOnlyDictionary<string, ChatMessage>> ProduceAsync(CancellationToken cancellationToken)
    {
        using var bot = new BotHarness();
        var teams = bot.Conversation("teams:19:ops@thread.tacv2");
        var alice = BotHarness.Teams("alice");
        var bob = BotHarness.Teams("bob");
        var cards = new Dictionary<string, ChatMessage>(StringComparer.Ordinal);

        async Task<ChatMessage> SayAsync(ChatUser user, string text) =>
            await bot.SayAsync(user, text, teams) ?? throw new InvalidOperationException($"'{text}' had no answer");

        cards[Help] = await SayAsync(alice, "help");
        await SayAsync(alice, "mirror run");
        await SayAsync(bob, "mirror run");
        cards[MirrorHistory] = await SayAsync(alice, "mirror history");
        cards[StatusHealthy] = await SayAsync(alice, "status");
        cards[DryRun] = await SayAsync(alice, "switchover --dry-run");

        await SayAsync(alice, "switchover");
        var approvals = bot.Services.GetRequiredService<ApprovalService>();
        var request = Assert.Single(await approvals.PendingAsync(cancellationToken));
        var posted = Assert.Single(teams.Posts, p => p.Content.Actions.Count > 0);
        cards[ApprovalRequest] = posted.Content;
        await bot.ClickAsync(bob, new CardAction.Approve(request.Id), teams);
        await teams.WaitForAsync(m => m.Title.EndsWith(": SUCCEEDED", StringComparison.Ordinal) || m.Title.EndsWith(": FAILED", StringComparison.Ordinal), Wait.Token());
        cards[ApprovalDecided] = teams.Updates.First(u => u.Message == posted.Message && u.Content.Actions.Count == 0).Content;

        await SayAsync(bob, "failback");
        cards[Approvals] = await SayAsync(alice, "approvals");
        cards[Audit] = await SayAsync(alice, "audit");

        // Past the 5 s a status gather is shared for; mail1 (the standby now) unreachable.
        bot.Time.Advance(TimeSpan.FromSeconds(30));
        bot.Nodes.Unreachable.Add("mail1");
        cards[StatusDegraded] = await SayAsync(alice, "status");
        bot.Nodes.Unreachable.Clear();
        bot.Time.Advance(TimeSpan.FromSeconds(30));

        // The active node (mail2 after the switchover) cut until the watch declares it down: the proposal.
        var watch = bot.Services.GetRequiredService<ActiveNodeWatch>();
        bot.Nodes.Cut.Add("mail2");
        for (var i = 0; i < 10 && await watch.CheckAsync(cancellationToken) is not ActiveDown; i++)
        {
            bot.Time.Advance(TimeSpan.FromSeconds(15));
        }

        cards[FailoverProposal] = bot.AlertChannel.Posts.Last(p => p.Content.Title.Contains("is DOWN: failover", StringComparison.Ordinal)).Content;

        // The symmetric model: a line per service, and the headline naming each one's verdict.
        using var symmetric = new BotHarness(LabTopology.Symmetric);
        var symmetricTeams = symmetric.Conversation("teams:19:ops@thread.tacv2");
        await symmetric.SayAsync(alice, "mirror run jt-mail-a", symmetricTeams);
        cards[StatusServices] = await symmetric.SayAsync(alice, "status", symmetricTeams) ?? throw new InvalidOperationException("'status' had no answer");
        return cards;
    }
}
