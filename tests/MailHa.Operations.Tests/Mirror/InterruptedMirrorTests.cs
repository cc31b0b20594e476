using MailHa.Operations.Journal;
using MailHa.Operations.Mirror;
using MailHa.Operations.Tests.Journal;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Time.Testing;

namespace MailHa.Operations.Tests.Mirror;

public class InterruptedMirrorTests(PostgresServer postgres)
{
    private static readonly MailHa.Operations.Topology.ServiceName Service = new("jt-mail");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TempJournal.Providers), MemberType = typeof(TempJournal))]
    public async Task FindAsync_NamesTheRunAndItsTrigger_WhenItsInstanceDiedAndTheLeaseExpired(StorageProvider provider)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token);
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T00:48:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var otherDatabase = journal.OpenAnother();
        var dead = OperationLockTests.Lock(journal.Database, time);
        var survivor = OperationLockTests.Lock(otherDatabase, time);
        await dead.TryAcquireAsync(Service, "mirror-1", MirrorRunner.LeaseKind, "schedule", Token);
        var history = new MirrorHistory(otherDatabase);

        var whileLive = await InterruptedMirror.FindAsync(survivor, history, Token);
        time.Advance(TimeSpan.FromSeconds(31));
        var afterExpiry = await InterruptedMirror.FindAsync(survivor, history, Token);

        Assert.Null(whileLive);
        Assert.Equal((Service, "mirror-1", "schedule", time.GetUtcNow().AddSeconds(-31)), (afterExpiry?.Service, afterExpiry?.Id, afterExpiry?.Trigger, afterExpiry?.StartedAt));
    }

    [Theory]
    [MemberData(nameof(TempJournal.Providers), MemberType = typeof(TempJournal))]
    public async Task FindAsync_IsNull_WhenTheRunWasRecordedButItsLeaseNotReleased(StorageProvider provider)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token);
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T00:48:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var gate = OperationLockTests.Lock(journal.Database, time);
        var history = new MirrorHistory(journal.Database);
        var started = time.GetUtcNow();
        await gate.TryAcquireAsync(Service, "mirror-1", MirrorRunner.LeaseKind, "schedule", Token);
        time.Advance(TimeSpan.FromSeconds(2));
        await history.RecordAsync(new MirrorRun(Service, 0, started, time.GetUtcNow(), "schedule", new NodeName("mail1"), new NodeName("mail2"), 1, new Transferred(0), 0, null), Token);
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Null(await InterruptedMirror.FindAsync(gate, history, Token));
    }

    [Theory]
    [MemberData(nameof(TempJournal.Providers), MemberType = typeof(TempJournal))]
    public async Task FindAsync_IsNull_WhenTheAbandonedLeaseIsAnOperations(StorageProvider provider)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token);
        var time = new FakeTimeProvider();
        var gate = OperationLockTests.Lock(journal.Database, time);
        await gate.TryAcquireAsync(Service, "switchover-1", "switchover", "alice", Token);
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Null(await InterruptedMirror.FindAsync(gate, new MirrorHistory(journal.Database), Token));
        Assert.Equal("switchover-1", (await gate.AbandonedAsync(Token)).Single().OperationId);
    }
}
