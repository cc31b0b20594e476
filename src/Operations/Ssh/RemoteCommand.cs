namespace MailHa.Operations.Ssh;

/// <summary>
/// A command to run on a node. <paramref name="Name"/> is what logs and reports show; <paramref name="Text"/>
/// is what runs and is never logged, since it may carry paths to secrets or generated values.
/// </summary>
public sealed record RemoteCommand(string Name, string Text, TimeSpan? Timeout = null)
{
    public override string ToString() => Name;
}
