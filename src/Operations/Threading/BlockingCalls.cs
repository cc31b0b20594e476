using System.Collections.Concurrent;

namespace MailHa.Operations.Threading;

/// <summary>
/// Threads of MailHa's own for the calls that block until a server answers (SSH.NET's channel open and exec request,
/// libldap's bind and search), kept for the life of the process. On the thread pool such calls take the few threads
/// (two on a two-core host) that every continuation needs: a status gather at 8 + 1 hosts left 18 work items waiting
/// (issue #20). A thread per call instead costs a thread start each time, and <see cref="Thread.Start()"/> waits for the
/// new thread to run, which on a busy host serialised the starts. A thread is added only when every one is busy.
/// </summary>
internal static class BlockingCalls
{
    private static readonly BlockingCollection<Action> Queue = [];
    private static int _threads;
    private static int _idle;

    /// <summary>Runs <paramref name="call"/> on one of these threads; the task completes (on the pool) when it returns.</summary>
    public static Task<T> Run<T>(Func<T> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Queue.Add(() =>
        {
            try
            {
                done.SetResult(call());
            }
#pragma warning disable CA1031 // Handed to the caller as the task's fault.
            catch (Exception e)
#pragma warning restore CA1031
            {
                done.SetException(e);
            }
        });
        if (Interlocked.Decrement(ref _idle) < 0)
        {
            // Nobody was idle: this call gets a thread of its own, which stays for the next ones.
            Interlocked.Increment(ref _idle);
            var thread = new Thread(Work) { IsBackground = true, Name = $"mailha-blocking-{Interlocked.Increment(ref _threads)}" };
            thread.Start();
        }

        return done.Task;
    }

    private static void Work()
    {
        foreach (var call in Queue.GetConsumingEnumerable())
        {
            call();
            Interlocked.Increment(ref _idle);
        }
    }
}
