namespace MailHa.Operations.Mirror;

/// <summary>Told of every recorded mirror run (the bot turns failures and recoveries into alerts).</summary>
public interface IMirrorObserver
{
    Task OnRunCompletedAsync(MirrorRunCompleted completed, CancellationToken cancellationToken);
}

/// <summary>
/// Raised after every recorded run. <see cref="Previous"/> is the run before it, so observers see
/// transitions: a failure after a success starts a streak, a success after a failure is a recovery.
/// </summary>
public sealed record MirrorRunCompleted(MirrorRun Run, MirrorRun? Previous)
{
    public bool IsFailure => !Run.IsGood;

    public bool IsRecovery => Run.IsGood && Previous is { IsGood: false };

    public bool StartsFailureStreak => !Run.IsGood && (Previous is null || Previous.IsGood);
}
