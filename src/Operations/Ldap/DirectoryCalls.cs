using MailHa.Operations.Reporting;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Logging;

namespace MailHa.Operations.Ldap;

/// <summary>Directory calls as the checker and probe make them: each bounded by the per-server timeout (plus a little grace).</summary>
internal static class DirectoryCalls
{
    public static async Task<DirectoryResult<T>> BoundedAsync<T>(
        NodeName node,
        string operation,
        Func<CancellationToken, Task<DirectoryResult<T>>> call,
        TimeSpan timeout,
        TimeProvider time,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var task = call(cancellationToken);
        DirectoryResult<T> result;
        try
        {
            // A port that honours the timeout answers first, with its own more precise reason; this is the backstop.
            result = await task.WaitAsync(timeout + Grace(timeout), time, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            // The call goes on until its own limit; a session it produces late is closed, not leaked.
            _ = task.ContinueWith(
                static t =>
                {
                    if (t.IsCompletedSuccessfully && t.Result is DirectoryOk<T> { Value: IDisposable late })
                    {
                        late.Dispose();
                    }

                    return t.Exception;
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            if (e is OperationCanceledException)
            {
                throw;
            }

            var fault = new NodeUnreachable(node, $"no answer to {operation} within {Durations.Format(timeout)}");
            LdapLog.CallFailed(logger, operation, node.Value, fault.Describe());
            result = new DirectoryFailed<T>(fault);
        }

        return result;
    }

    private static TimeSpan Grace(TimeSpan timeout) => TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(250).Ticks, timeout.Ticks / 10));
}
