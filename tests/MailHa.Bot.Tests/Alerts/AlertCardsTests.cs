using System.Text.Json;
using Dapper;
using MailHa.Bot.Alerts;
using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Operations.Journal;
using MailHa.Operations.Topology;

namespace MailHa.Bot.Tests.Alerts;

/// <summary>
/// The failover proposal kept in the journal (<see cref="AlertCards{T}"/>) on both providers: its refusal, mirror age and
/// request status kept as values (each case and its facts, not the card's words) and read back the same; and a proposal
/// kept by the release before (format 1, those values as words) read after the migration, its card still pressable.
/// </summary>
public sealed class AlertCardsTests(PostgresServer postgres)
{
    private static readonly NodeName Mail1 = new("mail1"), Mail3 = new("mail3");
    private static readonly ServiceName A = new("jt-mail-a"), B = new("jt-mail-b");
    private static readonly DateTimeOffset At = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly PostedMessage Posted = new(ChatPlatform.Slack, "C0ALERTS", "1764072000.000100");

    /// <summary>A proposal of jt-mail-a as the release before kept it: the card's words in its refusal, mirror age, status and shown lines.</summary>
    private const string Format1Document = """
        {"state":{"active":"mail1","since":"2026-11-25T12:00:00+00:00","views":"12:00:00Z  ssh mail1: NO ANSWER (timeout)",
        "legs":[{"service":"jt-mail-a","target":"mail3",
        "refusal":"mail3 already runs jt-mail-b and its capacity is 1: jt-mail-a there would be more than it may run at once (accept it with --accept-over-capacity).",
        "mirrorAge":"the mirror never succeeded","mirrorLag":"","requestId":null,"status":"Request r-1a2b3c ended (rejected); nothing was changed."}],
        "replication":"not checked: mail1's directory does not answer (timeout)","shown":"Request r-1a2b3c ended (rejected); nothing was changed."},
        "cards":[{"conversation":{"platform":"Slack","id":"C0ALERTS","serviceUrl":null,"replyToId":null,"alertChannel":true},
        "message":{"platform":"Slack","conversationId":"C0ALERTS","messageId":"1764072000.000100","serviceUrl":null}}]}
        """;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TempJournal.Providers), MemberType = typeof(TempJournal))]
    public async Task SaveAsync_KeepsTheRefusalMirrorAgeAndStatusAsValues_AndLoadAsyncReadsThemBack(StorageProvider provider)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token, [AlertCards.Schema]);
        var cards = Cards(journal);
        var leg = new FailoverProposal.ProposedFailover(A, Mail3, new OverCapacity(A, Mail3, [B], 1))
        {
            MirrorAge = new StandbyCopyAge(At.AddHours(-5), TimeSpan.FromHours(5)),
            RequestId = "r-1a2b3c",
            Status = new FailoverRunning("r-1a2b3c", "bob", ["alice"]),
        };
        var outage = new FailoverProposal.Outage(Mail1, At, "views", [leg]) { Replication = "replication" };
        outage.Shown = outage.Status;

        await cards.SaveAsync(FailoverProposal.Problem, outage, [], Token);
        var (loaded, _) = Assert.NotNull(await cards.LoadAsync(FailoverProposal.Problem, Token));

        var back = Assert.Single(loaded.Legs);
        var refusal = Assert.IsType<OverCapacity>(back.Refusal);
        Assert.Equal((A, Mail3, 1), (refusal.Service, refusal.Node, refusal.Capacity));
        Assert.Equal([B], refusal.Running);
        Assert.Null(back.RefusalAsWorded);
        Assert.Equal(new StandbyCopyAge(At.AddHours(-5), TimeSpan.FromHours(5)), back.MirrorAge);
        var running = Assert.IsType<FailoverRunning>(back.Status);
        Assert.Equal(("r-1a2b3c", "bob"), (running.RequestId, running.Requester));
        Assert.Equal(["alice"], running.Approvers);
        Assert.Equal(("r-1a2b3c", Mail3), (back.RequestId, back.Target));
        Assert.IsType<FailoverRunning>(Assert.Single(loaded.Shown));
        Assert.False(loaded.StatusChanged);

        // Kept as data: each value's case and facts; the refusal's sentence is not stored.
        var (document, format) = await RowAsync(journal);
        Assert.Equal(AlertCards.Format, format);
        var stored = JsonDocument.Parse(document).RootElement.GetProperty("state").GetProperty("legs")[0];
        Assert.Equal(
            ("overCapacity", "standbyCopy", "running"),
            (stored.GetProperty("refusal").GetProperty("case").GetString(), stored.GetProperty("mirrorAge").GetProperty("case").GetString(), stored.GetProperty("status").GetProperty("case").GetString()));
        Assert.False(stored.GetProperty("refusal").TryGetProperty("reason", out _));
    }

    [Theory]
    [MemberData(nameof(TempJournal.Providers), MemberType = typeof(TempJournal))]
    public async Task LoadAsync_ReadsAProposalKeptByTheReleaseBefore_AfterTheMigrationAddsItsFormat(StorageProvider provider)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token, [AlertCards.Schema]);

        // The table as the release before left it (its first migration only), with the row it wrote.
        using (var before = new JournalDatabase(Microsoft.Extensions.Options.Options.Create(journal.Options), [new JournalSchema(AlertCards.Schema.Name, [AlertCards.Schema.Migrations[0]])]))
        {
            await before.MigrateAsync(Token);
        }

        await using (var connection = await journal.OpenUnmigratedAsync(Token))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO alert_cards (problem, document) VALUES (@problem, @document)", new { problem = FailoverProposal.Problem, document = Format1Document }, cancellationToken: Token));
        }

        await journal.Database.MigrateAsync(Token);
        var cards = Cards(journal);
        Assert.Equal(1, (await RowAsync(journal)).Format);
        var (outage, posted) = Assert.NotNull(await cards.LoadAsync(FailoverProposal.Problem, Token));

        var leg = Assert.Single(outage.Legs);
        Assert.Equal((Mail1, At, A, (NodeName?)Mail3, (string?)null), (outage.Active, outage.Since, leg.Service, leg.Target, leg.RequestId));
        Assert.Null(leg.Refusal);
        Assert.NotNull(leg.RefusalAsWorded);
        Assert.IsType<MirrorAgeAsWorded>(leg.MirrorAge);
        Assert.IsType<FailoverStatusAsWorded>(leg.Status);
        Assert.False(outage.StatusChanged);
        var card = Assert.Single(posted);
        Assert.Equal((new ConversationAddress(ChatPlatform.Slack, "C0ALERTS", AlertChannel: true), Posted), (card.Conversation.Address, card.Message));

        // Still pressable: the card shows its Request failover button; written again, it is kept as values.
        Assert.Equal([FailoverProposal.RequestButton], AlertText.Message(new FailoverProposed(FailoverProposal.Problem, outage, OneService: true), AlertKind.Alert).Actions);
        leg.RequestId = "r-4d5e6f";
        leg.Status = new FailoverAwaitingApproval("r-4d5e6f", "carol");
        await cards.SaveAsync(FailoverProposal.Problem, outage, posted, Token);
        var (again, _) = Assert.NotNull(await cards.LoadAsync(FailoverProposal.Problem, Token));
        Assert.Equal(AlertCards.Format, (await RowAsync(journal)).Format);
        Assert.Equal(new FailoverAwaitingApproval("r-4d5e6f", "carol"), Assert.Single(again.Legs).Status);
        Assert.Equal(leg.MirrorAge, again.Legs[0].MirrorAge);
        Assert.Equal(leg.RefusalAsWorded, again.Legs[0].RefusalAsWorded);
        Assert.True(again.StatusChanged);
    }

    private static AlertCards<FailoverProposal.Outage> Cards(TempJournal journal) => new(journal.Database, new ChatConversations([]));

    private static async Task<(string Document, long Format)> RowAsync(TempJournal journal)
    {
        await using var connection = await journal.OpenUnmigratedAsync(Token);
        return await connection.QuerySingleAsync<(string, long)>(new CommandDefinition("SELECT document, format FROM alert_cards", cancellationToken: Token));
    }
}
