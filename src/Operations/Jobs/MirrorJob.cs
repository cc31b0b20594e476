using Hangfire;
using MailHa.Operations.Mirror;

namespace MailHa.Operations.Jobs;

/// <summary>The recurring mirror. Safe to re-run: every guard is re-checked on each run.</summary>
public sealed class MirrorJob(MirrorRunner runner)
{
    public const string RecurringJobId = "mailha-mirror";

    // No automatic retry: a failed run is reported and the next scheduled run is the retry.
    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 5)]
    public Task<MirrorRun> RunAsync(CancellationToken cancellationToken) =>
        runner.RunAsync(new MirrorRequest("schedule"), cancellationToken);
}
