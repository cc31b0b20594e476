using System.Data.Common;
using MailHa.Operations.Audit;
using MailHa.Operations.Journal;
using Microsoft.Extensions.Time.Testing;

namespace MailHa.Operations.Tests.Audit;

public class AuditLogTests(PostgresServer postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TempJournal.Providers), MemberType = typeof(TempJournal))]
    public async Task VerifyAsync_IsIntact_WhenEntriesWereOnlyAppended(StorageProvider provider)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token);
        var log = new AuditLog(journal.Database, new FakeTimeProvider());
        var first = await log.AppendAsync(Requested("alice", AuditChannel.Slack), Token);
        var second = await log.AppendAsync(Approved("bob", AuditChannel.Teams), Token);

        var result = await log.VerifyAsync(kept: null, Token);

        Assert.True(result.Intact);
        Assert.Equal(2L, result.Entries);
        Assert.Equal(first.Hash, second.PrevHash);
    }

    [Theory]
    [MemberData(nameof(TempJournal.Providers), MemberType = typeof(TempJournal))]
    public async Task AppendAsync_KeepsOneChain_WhenTwoInstancesAppendAtOnce(StorageProvider provider)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token);
        using var other = journal.OpenAnother();
        var logs = new[] { new AuditLog(journal.Database, TimeProvider.System), new AuditLog(other, TimeProvider.System) };

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            logs[i % 2].AppendAsync(new MirrorControlled($"actor{i}", AuditChannel.Console, MirrorCommand.Run, Succeeded: true, ""), Token)));

        var result = await logs[0].VerifyAsync(kept: null, Token);
        Assert.True(result.Intact, result.Message);
        Assert.Equal(20, result.Entries);
    }

    [Theory]
    [MemberData(nameof(TempJournal.Providers), MemberType = typeof(TempJournal))]
    public async Task AppendOnly_RefusesUpdateAndDelete_AtTheDatabase(StorageProvider provider)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token);
        var log = new AuditLog(journal.Database, new FakeTimeProvider());
        await log.AppendAsync(Requested("alice", AuditChannel.Slack), Token);
        await using var connection = await journal.Database.OpenAsync(Token);

        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync(connection, "UPDATE audit SET actor = 'mallory'"));
        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync(connection, "DELETE FROM audit"));
        if (provider == StorageProvider.PostgreSql)
        {
            await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync(connection, "TRUNCATE audit"));
            await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync(connection, "ALTER TABLE audit DISABLE TRIGGER USER; UPDATE audit SET actor = 'mallory'"));
        }

        Assert.Equal("alice", (await log.RecentAsync(1, Token))[0].Actor);
    }

    [Theory]
    [MemberData(nameof(TempJournal.Providers), MemberType = typeof(TempJournal))]
    public async Task VerifyAsync_NamesTheFirstBadEntry_WhenAnEntryWasAltered(StorageProvider provider)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token);
        var log = new AuditLog(journal.Database, new FakeTimeProvider());
        await log.AppendAsync(Requested("alice", AuditChannel.Slack), Token);
        var victim = await log.AppendAsync(Approved("bob", AuditChannel.Teams), Token);
        await log.AppendAsync(new ApprovalExpired("r-4d5e6f", "Failback"), Token);

        // Someone with full access drops the guard and rewrites who approved.
        await journal.TamperAsync(
            $"DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'alice' WHERE seq = {victim.Seq}",
            $"ALTER TABLE audit DISABLE TRIGGER USER; UPDATE audit SET actor = 'alice' WHERE seq = {victim.Seq}",
            Token);

        var result = await log.VerifyAsync(kept: null, Token);

        Assert.False(result.Intact);
        Assert.Equal(victim.Seq, result.FirstBadSeq);
    }

    [Theory]
    [MemberData(nameof(TempJournal.Providers), MemberType = typeof(TempJournal))]
    public async Task VerifyAsync_IsIntactAndReadsTypedEvents_WhenEarlierVersionsWroteTheChain(StorageProvider provider)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token);
        var log = new AuditLog(journal.Database, new FakeTimeProvider());
        await InsertAsync(journal.Database, OldChain.Rows);

        var result = await log.VerifyAsync(kept: null, Token);
        var entries = (await log.RecentAsync(100, Token)).Reverse().ToList();

        Assert.True(result.Intact, result.Message);
        Assert.Equal(OldChain.Rows.Length, result.Entries);
        Assert.Equal(new AuditHead(OldChain.Rows.Length, OldChain.Rows[^1].Hash), result.Head);
        Assert.Equal(
            [typeof(ApprovalRequested), typeof(Refusal), typeof(ApprovalDecided), typeof(OperationStarted), typeof(OperationStep), typeof(OperationRolledBack),
             typeof(OperationEnded), typeof(ApprovedRunEnded), typeof(ApprovalExpired), typeof(ApprovalVoided), typeof(ApprovalRequested), typeof(MirrorControlled),
             typeof(MirrorControlled), typeof(Refusal), typeof(Refusal)],
            entries.Select(e => e.Event.GetType()));
        Assert.Equal(new ApprovalDecided("bob", AuditChannel.Teams, "r-1a2b3c", ApprovalVerdict.Approve, DecisionOutcome.Approved, "Switchover mail1 → mail2; fingerprint 9f2c"), entries[2].Event);
        Assert.Equal(new OperationStep("alice", "switchover op-20261204-1", "fence", Succeeded: true, "requested by alice, approved by bob; VIP down on mail1"), entries[4].Event);
        Assert.Equal(new ApprovalRequested("cli:root", AuditChannel.Cli, "failover --primary-down", RequestOutcome.NotConfirmed, "typed 'wrong-name'"), entries[10].Event);

        // Written again by this version, each event gives back the very columns the old chain hashed.
        Assert.All(entries, e => Assert.Equal(new AuditRecord(e.Actor, e.Platform, e.Action, e.Subject, e.Outcome, e.Detail), AuditColumns.Write(e.Event)));
    }

    [Theory]
    [MemberData(nameof(TempJournal.Providers), MemberType = typeof(TempJournal))]
    public async Task VerifyAsync_ExtendsAKeptHead_WhenEntriesWereOnlyAppendedSince(StorageProvider provider)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token);
        var log = new AuditLog(journal.Database, new FakeTimeProvider());
        await InsertAsync(journal.Database, OldChain.Rows);
        var kept = await log.HeadAsync(Token);
        var newest = await log.AppendAsync(Requested("alice", AuditChannel.Slack), Token);

        var result = await log.VerifyAsync(kept, Token);

        Assert.True(result.Intact, result.Message);
        Assert.Equal(newest.Head, result.Head);
        Assert.Equal(newest.Head, await log.HeadAsync(Token));
    }

    [Theory]
    [MemberData(nameof(TempJournal.Providers), MemberType = typeof(TempJournal))]
    public async Task VerifyAsync_DoesNotExtendTheKeptHead_WhenTheWholeChainWasRewritten(StorageProvider provider)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token);
        var log = new AuditLog(journal.Database, new FakeTimeProvider());
        await log.AppendAsync(Requested("alice", AuditChannel.Slack), Token);
        var kept = (await log.AppendAsync(Approved("bob", AuditChannel.Teams), Token)).Head;

        // Someone with full access removes everything and writes a new, internally consistent chain.
        await journal.TamperAsync(
            "DROP TRIGGER audit_no_delete; DELETE FROM audit",
            "ALTER TABLE audit DISABLE TRIGGER USER; DELETE FROM audit",
            Token);
        await log.AppendAsync(Requested("mallory", AuditChannel.Slack), Token);
        await log.AppendAsync(Approved("mallory", AuditChannel.Teams), Token);

        Assert.True((await log.VerifyAsync(kept: null, Token)).Intact);
        var result = await log.VerifyAsync(kept, Token);
        Assert.False(result.Intact);
        // Every entry matches the new chain; what fails is the kept head, which it does not hold (no bad entry to name).
        Assert.Null(result.FirstBadSeq);
        Assert.Equal(2L, result.Entries);
    }

    [Theory]
    [MemberData(nameof(TempJournal.Providers), MemberType = typeof(TempJournal))]
    public async Task VerifyAsync_NamesTheKeptEntry_WhenItsHashDiffers(StorageProvider provider)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token);
        var log = new AuditLog(journal.Database, new FakeTimeProvider());
        await InsertAsync(journal.Database, OldChain.Rows);
        var kept = new AuditHead(3, new string('a', 64));

        var result = await log.VerifyAsync(kept, Token);

        Assert.False(result.Intact);
        Assert.Equal(3, result.FirstBadSeq);
    }

    [Fact]
    public async Task HeadAsync_IsNull_WhenNothingWasRecorded()
    {
        await using var journal = await TempJournal.CreateAsync(StorageProvider.Sqlite, postgres, Token);

        Assert.Null(await new AuditLog(journal.Database, new FakeTimeProvider()).HeadAsync(Token));
    }

    private static ApprovalRequested Requested(string actor, AuditChannel channel) => new(actor, channel, "failover mail2", RequestOutcome.Pending, "");

    private static ApprovalDecided Approved(string actor, AuditChannel channel) => new(actor, channel, "r-1a2b3c", ApprovalVerdict.Approve, DecisionOutcome.Approved, "");

    private static async Task InsertAsync(JournalDatabase database, IEnumerable<OldChain.Row> rows)
    {
        await using var connection = await database.OpenAsync(Token);
        foreach (var row in rows)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO audit (at, actor, platform, action, subject, outcome, detail, chat_ref, prev_hash, hash) VALUES (@at, @actor, @platform, @action, @subject, @outcome, @detail, '', @prev, @hash)";
            foreach (var (name, value) in new (string, object)[]
                     {
                         ("at", row.At), ("actor", row.Actor), ("platform", row.Platform), ("action", row.Action), ("subject", row.Subject),
                         ("outcome", row.Outcome), ("detail", row.Detail), ("prev", row.PrevHash), ("hash", row.Hash),
                     })
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }

            await command.ExecuteNonQueryAsync(Token);
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Token);
    }
}
