namespace MailHa.Operations.Mirror.Continuous;

/// <summary>Why a stream (one watcher's life) stopped, as a value: the controller decides from it when to start the next.</summary>
public abstract record StreamStop
{
    public abstract string Describe();
}

/// <summary>The watcher ended by itself (killed, the node or the session lost): start another soon; it begins with a full run.</summary>
public sealed record WatcherLost(string Detail) : StreamStop
{
    public override string Describe() => $"the watcher ended: {Detail}";
}

/// <summary>A pull (a batch, or the full run after it) was not good: the mirror's own guard or failure stopped the stream.</summary>
public sealed record PullNotGood(MirrorRun Run) : StreamStop
{
    public override string Describe() => $"{Run.Verdict}: {Run.Message}";
}

/// <summary>The stream cannot run on the active node (watch limit, no inotifywait): the mirror is back to its interval.</summary>
public sealed record FellBack(string Reason) : StreamStop
{
    public override string Describe() => $"fell back to the interval: {Reason}";
}

/// <summary>The source store has no sentinel when the watcher starts: nothing is streamed until it is back.</summary>
public sealed record StoreNotReady(string Detail) : StreamStop
{
    public override string Describe() => Detail;
}

/// <summary>MailHa stopped it: leadership lost, the mirror paused, the roles changed, an operation started, shutdown.</summary>
public sealed record StoppedByMailHa(string Reason) : StreamStop
{
    public override string Describe() => Reason;
}
