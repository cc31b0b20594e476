using Dapper;
using MailHa.Operations.Audit;
using Microsoft.Extensions.Time.Testing;

namespace MailHa.Operations.Tests.Audit;

public class AuditLogTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task VerifyAsync_IsIntact_WhenEntriesWereOnlyAppended()
    {
        using var journal = new TempJournal();
        var log = new AuditLog(journal.Database, new FakeTimeProvider());
        var first = await log.AppendAsync(new AuditRecord("alice", "Slack", "request", "failover mail2", "pending"), Token);
        var second = await log.AppendAsync(new AuditRecord("bob", "Teams", "approve", "failover mail2", "approved"), Token);

        var result = await log.VerifyAsync(Token);

        Assert.True(result.Intact);
        Assert.Equal(2, result.Entries);
        Assert.Equal(first.Hash, second.PrevHash);
    }

    [Fact]
    public async Task AppendOnly_RefusesUpdateAndDelete_AtTheDatabase()
    {
        using var journal = new TempJournal();
        var log = new AuditLog(journal.Database, new FakeTimeProvider());
        await log.AppendAsync(new AuditRecord("alice", "Slack", "request", "failover", "pending"), Token);
        await using var connection = await journal.Database.OpenAsync(Token);

        await Assert.ThrowsAnyAsync<Exception>(() => connection.ExecuteAsync("UPDATE audit SET actor = 'mallory'"));
        await Assert.ThrowsAnyAsync<Exception>(() => connection.ExecuteAsync("DELETE FROM audit"));
    }

    [Fact]
    public async Task VerifyAsync_NamesTheFirstBadEntry_WhenAnEntryWasAltered()
    {
        using var journal = new TempJournal();
        var log = new AuditLog(journal.Database, new FakeTimeProvider());
        await log.AppendAsync(new AuditRecord("alice", "Slack", "request", "failover", "pending"), Token);
        var victim = await log.AppendAsync(new AuditRecord("bob", "Teams", "approve", "failover", "approved"), Token);
        await log.AppendAsync(new AuditRecord("system", "Console", "step", "fence", "done"), Token);

        // Someone with file access drops the guard and rewrites who approved.
        await using (var connection = await journal.Database.OpenAsync(Token))
        {
            await connection.ExecuteAsync("DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'alice' WHERE seq = @seq", new { seq = victim.Seq });
        }

        var result = await log.VerifyAsync(Token);

        Assert.False(result.Intact);
        Assert.Equal(victim.Seq, result.FirstBadSeq);
    }
}
