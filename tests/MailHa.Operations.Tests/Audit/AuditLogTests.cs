using System.Data.Common;
using MailHa.Operations.Audit;
using MailHa.Operations.Journal;
using MailHa.Operations.Tests.Storage;
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
        var first = await log.AppendAsync(new AuditRecord("alice", "Slack", "request", "failover mail2", "pending"), Token);
        var second = await log.AppendAsync(new AuditRecord("bob", "Teams", "approve", "failover mail2", "approved"), Token);

        var result = await log.VerifyAsync(Token);

        Assert.True(result.Intact);
        Assert.Equal(2, result.Entries);
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
            logs[i % 2].AppendAsync(new AuditRecord($"actor{i}", "Console", "step", "fence", "done"), Token)));

        var result = await logs[0].VerifyAsync(Token);
        Assert.True(result.Intact, result.Message);
        Assert.Equal(20, result.Entries);
    }

    [Theory]
    [MemberData(nameof(TempJournal.Providers), MemberType = typeof(TempJournal))]
    public async Task AppendOnly_RefusesUpdateAndDelete_AtTheDatabase(StorageProvider provider)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token);
        var log = new AuditLog(journal.Database, new FakeTimeProvider());
        await log.AppendAsync(new AuditRecord("alice", "Slack", "request", "failover", "pending"), Token);
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
        await log.AppendAsync(new AuditRecord("alice", "Slack", "request", "failover", "pending"), Token);
        var victim = await log.AppendAsync(new AuditRecord("bob", "Teams", "approve", "failover", "approved"), Token);
        await log.AppendAsync(new AuditRecord("system", "Console", "step", "fence", "done"), Token);

        // Someone with full access drops the guard and rewrites who approved.
        await journal.TamperAsync(
            $"DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'alice' WHERE seq = {victim.Seq}",
            $"ALTER TABLE audit DISABLE TRIGGER USER; UPDATE audit SET actor = 'alice' WHERE seq = {victim.Seq}",
            Token);

        var result = await log.VerifyAsync(Token);

        Assert.False(result.Intact);
        Assert.Equal(victim.Seq, result.FirstBadSeq);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Token);
    }
}
