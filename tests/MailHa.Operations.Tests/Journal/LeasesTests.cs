using MailHa.Operations.Jobs;
using MailHa.Operations.Journal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MailHa.Operations.Tests.Journal;

public class LeasesTests(PostgresServer postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TempJournal.Providers), MemberType = typeof(TempJournal))]
    public async Task RefreshAsync_LeavesOneLeader_AndTheOtherTakesOverWhenItStopsRenewing(StorageProvider provider)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token);
        using var otherDatabase = journal.OpenAnother();
        var time = new FakeTimeProvider();
        var a = Leader(journal.Database, time);
        var b = Leader(otherDatabase, time);

        var first = (await a.RefreshAsync(Token), await b.RefreshAsync(Token));
        time.Advance(TimeSpan.FromSeconds(10));
        var renewed = (await a.RefreshAsync(Token), await b.RefreshAsync(Token));

        // a dies: it renews no more; once its lease expires b leads, and a no longer thinks it does.
        time.Advance(TimeSpan.FromSeconds(31));
        var afterDeath = await b.RefreshAsync(Token);

        Assert.Equal((true, false), first);
        Assert.Equal((true, false), renewed);
        Assert.True(afterDeath);
        Assert.False(a.IsLeader);
        Assert.True(b.IsLeader);
    }

    [Theory]
    [MemberData(nameof(TempJournal.Providers), MemberType = typeof(TempJournal))]
    public async Task TakeoverAsync_Completes_OnlyWhenTheLeaseIsTakenFromAnotherInstance(StorageProvider provider)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token);
        using var otherDatabase = journal.OpenAnother();
        var time = new FakeTimeProvider();
        var a = Leader(journal.Database, time);
        var b = Leader(otherDatabase, time);
        var aTakesOver = a.TakeoverAsync(0, Token);
        var bTakesOver = b.TakeoverAsync(0, Token);

        await a.RefreshAsync(Token);
        await b.RefreshAsync(Token);
        var whileALeads = bTakesOver.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(31)); // a died
        await b.RefreshAsync(Token);

        Assert.False(whileALeads);
        await bTakesOver.WaitAsync(TimeSpan.FromSeconds(30), Token); // completes (asynchronously); the bound only guards against a hang
        Assert.False(aTakesOver.IsCompleted); // a led from its start: no takeover
        Assert.Equal((0L, 1L), (a.Takeovers, b.Takeovers));
        Assert.True(b.TakeoverAsync(0, Token).IsCompleted); // one already seen is never missed
        Assert.False(b.TakeoverAsync(1, Token).IsCompleted); // the next one is a new takeover
    }

    [Theory]
    [MemberData(nameof(TempJournal.Providers), MemberType = typeof(TempJournal))]
    public async Task TryClaimSlotAsync_ClaimsEachIntervalOnce_AcrossInstances(StorageProvider provider)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token);
        using var otherDatabase = journal.OpenAnother();
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T01:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var a = Leases(journal.Database, time);
        var b = Leases(otherDatabase, time);
        var claims = new List<(bool, bool)>();

        for (var interval = 0; interval < 3; interval++)
        {
            // Both instances' schedulers fire within the same ten-minute interval, a little apart.
            time.Advance(TimeSpan.FromSeconds(5));
            var claimA = await a.TryClaimSlotAsync("mailha-mirror", MirrorJob.Slot("*/10 * * * *", time.GetUtcNow()), Token);
            time.Advance(TimeSpan.FromSeconds(20));
            var claimB = await b.TryClaimSlotAsync("mailha-mirror", MirrorJob.Slot("*/10 * * * *", time.GetUtcNow()), Token);
            claims.Add((claimA, claimB));
            time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(25));
        }

        Assert.All(claims, c => Assert.Equal((true, false), c));
    }

    [Fact]
    public void Slot_IsTheNewestOccurrenceAtOrBeforeNow()
    {
        var now = DateTimeOffset.Parse("2026-11-26T00:48:10Z", System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(DateTimeOffset.Parse("2026-11-26T00:40:00Z", System.Globalization.CultureInfo.InvariantCulture), MirrorJob.Slot("*/10 * * * *", now));
    }

    private static Leases Leases(JournalDatabase database, TimeProvider time) =>
        new(database, new InstanceIdentity(), Options.Create(new JournalOptions { LeaseDuration = TimeSpan.FromSeconds(30) }), time);

    private static Leadership Leader(JournalDatabase database, TimeProvider time) =>
        new(Leases(database, time), database, Options.Create(new JournalOptions { LeaseDuration = TimeSpan.FromSeconds(30) }), time, NullLogger<Leadership>.Instance);
}
