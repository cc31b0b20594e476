namespace MailHa.Operations.Threading;

/// <summary>
/// Threads of MailHa's own for the calls that block until a server answers (SSH.NET's channel open and exec request,
/// libldap's bind and search), kept for the life of the process. On the thread pool such calls take the few threads
/// (two on a two-core host) that every continuation needs: a status gather at 8 + 1 hosts left 18 work items waiting
/// (issue #20). A thread per call instead costs a thread start each time, and <see cref="Thread.Start()"/> waits for the
/// new thread to run, which on a busy host serialised the starts. A thread is added only when every one is busy.
/// </summary>
/// <remarks>
/// An idle thread sleeps in <see cref="Monitor.Wait(object)"/> until a call is handed to it. Not a
/// <c>BlockingCollection</c>: its take spins before it sleeps (<see cref="SemaphoreSlim"/>'s wait, about 140 rounds of
/// spinning, yielding the core and <c>Thread.Sleep(0)</c>), and every one of these threads enters that wait after each
/// call, so a status gather at 8 + 1 hosts (some 45 blocking calls) spent a fifth of MailHa's CPU there (issue #20).
/// </remarks>
internal static class BlockingCalls
{
    private static readonly Queue<Action> Pending = new();

    // Monitor.Wait and Pulse need a plain object: System.Threading.Lock has no wait.
    private static readonly object Gate = new();
    private static int _threads;

    /// <summary>Threads waiting for a call that no call has been handed to yet.</summary>
    private static int _idle;

    /// <summary>Runs <paramref name="call"/> on one of these threads; the task completes (on the pool) when it returns.</summary>
    public static Task<T> Run<T>(Func<T> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Work()
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
        }

        var newThread = 0;
        lock (Gate)
        {
            Pending.Enqueue(Work);
            if (_idle == 0)
            {
                newThread = ++_threads;
            }
            else
            {
                // This call is that thread's: the next one finds one fewer idle.
                _idle--;
                Monitor.Pulse(Gate);
            }
        }

        if (newThread > 0)
        {
            // Nobody was idle: this call gets a thread of its own, which stays for the next ones.
            new Thread(Serve) { IsBackground = true, Name = $"mailha-blocking-{newThread}" }.Start();
        }

        return done.Task;
    }

    private static void Serve()
    {
        while (true)
        {
            Action call;
            lock (Gate)
            {
                // A thread just back from a call may take the next one before the thread it was handed to wakes: that
                // one finds nothing and waits again.
                while (!Pending.TryDequeue(out call!))
                {
                    _idle++;
                    Monitor.Wait(Gate);
                }
            }

            call();
        }
    }
}
