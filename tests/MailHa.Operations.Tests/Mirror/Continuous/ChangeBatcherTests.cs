using MailHa.Operations.Mirror.Continuous;

namespace MailHa.Operations.Tests.Mirror.Continuous;

public class ChangeBatcherTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(2);

    [Fact]
    public void TakeIfDue_GivesNothing_WhenNothingChanged()
    {
        var batcher = new ChangeBatcher(Quiet, MaxDelay, 100);

        Assert.Null(batcher.DueAt);
        Assert.Null(batcher.TakeIfDue(T0));
    }

    [Fact]
    public void TakeIfDue_WaitsForTheQuietWindow_ThenGivesEachPathOnce()
    {
        var batcher = new ChangeBatcher(Quiet, MaxDelay, 100);
        batcher.Add("alice/new/1", T0);
        batcher.Add("alice/tmp/2", T0.AddMilliseconds(100));
        batcher.Add("alice/new/1", T0.AddMilliseconds(200));

        Assert.Null(batcher.TakeIfDue(T0.AddMilliseconds(400)));
        var batch = Assert.IsType<PathsDue>(batcher.TakeIfDue(T0.AddMilliseconds(500)));

        Assert.Equal(["alice/new/1", "alice/tmp/2"], batch.Paths);
        Assert.Null(batcher.DueAt);
    }

    [Fact]
    public void TakeIfDue_GivesTheBatchAtItsBound_WhenTheStoreNeverGoesQuiet()
    {
        var batcher = new ChangeBatcher(Quiet, MaxDelay, 10_000);
        var at = T0;
        for (var i = 0; i < 19; i++)
        {
            batcher.Add($"m/{i}", at);
            at += TimeSpan.FromMilliseconds(100);
        }

        Assert.Equal(T0 + MaxDelay, batcher.DueAt);
        var batch = Assert.IsType<PathsDue>(batcher.TakeIfDue(T0 + MaxDelay));
        Assert.Equal(19, batch.Paths.Count);
    }

    [Fact]
    public void TakeIfDue_AsksForAFullRun_WhenTheQueueOverflowed()
    {
        var batcher = new ChangeBatcher(Quiet, MaxDelay, 100);
        batcher.Add("a", T0);
        batcher.NeedFullRun("overflow", T0);
        batcher.Add("b", T0);

        var due = Assert.IsType<FullRunDue>(batcher.TakeIfDue(T0 + Quiet));

        Assert.Equal("overflow", due.Because);
        Assert.Null(batcher.TakeIfDue(T0 + MaxDelay + MaxDelay));
    }

    [Fact]
    public void TakeIfDue_AsksForAFullRun_WhenABatchOutgrowsItsBound()
    {
        var batcher = new ChangeBatcher(Quiet, MaxDelay, 3);
        foreach (var path in new[] { "a", "b", "c", "d" })
        {
            batcher.Add(path, T0);
        }

        var due = Assert.IsType<FullRunDue>(batcher.TakeIfDue(T0 + Quiet));
        Assert.Contains("more than 3", due.Because, StringComparison.Ordinal);
    }
}
