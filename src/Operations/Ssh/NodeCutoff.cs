using MailHa.Operations.Topology;

namespace MailHa.Operations.Ssh;

/// <summary>
/// A dead node's timeout is paid once: once the SSH listings asked at the same time show a node unreachable,
/// a part still waiting (a directory check on that node's LDAP server) is not waited for any longer.
/// </summary>
public static class NodeCutoff
{
    /// <summary>Null once <paramref name="part"/> has completed; otherwise why it is not waited for (it runs on, unobserved, to its own bound).</summary>
    public static async Task<NotWaitedFor?> WaitAsync(Task part, IReadOnlyList<Task<CommandOutcome>> listings)
    {
        ArgumentNullException.ThrowIfNull(part);
        var listed = Task.WhenAll(listings);
        if (await Task.WhenAny(part, listed) == part || part.IsCompleted)
        {
            return null;
        }

        var dead = (await listed).Where(o => o is not Exited).Select(o => o.Node).ToList();
        if (dead.Count == 0)
        {
            await part.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return null;
        }

        return new NotWaitedFor(dead);
    }
}

/// <summary>A part not waited for because <paramref name="Unreachable"/> did not answer over SSH.</summary>
public sealed record NotWaitedFor(IReadOnlyList<NodeName> Unreachable)
{
    public string Describe() => $"not waited for: {string.Join(", ", Unreachable)} unreachable over SSH";
}
