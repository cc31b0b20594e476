using MailHa.Operations.Topology;
using Microsoft.Extensions.Logging;

namespace MailHa.Operations.Ldap;

/// <summary>Directory calls as the checker and probe make them: each bounded by the per-server timeout, failures logged once.</summary>
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
            result = await task.WaitAsync(timeout, time, cancellationToken);
        }
        catch (TimeoutException)
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
            result = new DirectoryFailed<T>(new NodeUnreachable(node, $"no answer to {operation} within {Durations.Format(timeout)}"));
        }

        if (result is DirectoryFailed<T> failed)
        {
            LdapLog.CallFailed(logger, operation, node.Value, failed.Fault.Describe());
        }

        return result;
    }
}
