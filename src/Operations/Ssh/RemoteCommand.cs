namespace MailHa.Operations.Ssh;

/// <summary>
/// A command to run on a node. <paramref name="Name"/> is what logs and reports show; <paramref name="Text"/>
/// is what runs and is never logged, since it may carry paths to secrets or generated values.
/// </summary>
public sealed record RemoteCommand(string Name, string Text, TimeSpan? Timeout = null)
{
    /// <summary>
    /// The command only reads the node: it changes nothing, starts nothing that outlives it, and is POSIX sh. Such a
    /// command runs in the node's kept shell (<see cref="KeptShell"/>) when that shell is free, instead of on a new exec
    /// channel, and is run again on a channel of its own if that shell breaks under it: running it twice is harmless.
    /// </summary>
    public bool ReadOnly { get; init; }

    public override string ToString() => Name;
}
