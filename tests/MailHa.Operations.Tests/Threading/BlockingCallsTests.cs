using MailHa.Operations.Threading;

namespace MailHa.Operations.Tests.Threading;

public class BlockingCallsTests
{
    [Fact]
    public async Task Run_ReturnsTheCallsResult_OffThePool()
    {
        var (pooled, answer) = await BlockingCalls.Run(() => (Thread.CurrentThread.IsThreadPoolThread, 42));

        Assert.False(pooled);
        Assert.Equal(42, answer);
    }

    [Fact]
    public async Task Run_FaultsTheTask_WhenTheCallThrows()
    {
        var fault = await Assert.ThrowsAsync<InvalidOperationException>(() => BlockingCalls.Run<int>(() => throw new InvalidOperationException("no answer")));

        Assert.Equal("no answer", fault.Message);
    }

    [Fact]
    public async Task Run_GivesEachCallAThread_WhenEveryThreadIsBusy()
    {
        // Each call blocks until all of them are in: queued behind a busy thread, one would never arrive.
        const int Calls = 12;
        using var allIn = new Barrier(Calls);
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        var threads = await Task.WhenAll(Enumerable.Range(0, Calls).Select(_ => BlockingCalls.Run(() =>
        {
            allIn.SignalAndWait(patience.Token);
            return Environment.CurrentManagedThreadId;
        })));

        Assert.Equal(Calls, threads.Distinct().Count());
    }

    [Fact]
    public async Task Run_RunsEveryCall_WhenCallsComeFasterThanTheyEnd()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 500).Select(i => BlockingCalls.Run(() => i * 2)));

        Assert.Equal(Enumerable.Range(0, 500).Select(i => i * 2), results);
    }
}
