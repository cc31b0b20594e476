using MailHa.Operations.Roles;

namespace MailHa.Operations.Mirror;

/// <summary>What pausing or resuming the mirror came to.</summary>
public abstract record MirrorControlResult
{
    /// <summary>False only when nothing could be changed (the roles moved meanwhile).</summary>
    public bool Succeeded => this is not RolesMovedMeanwhile;

    public abstract string Describe();
}

/// <summary>The mirror was paused or resumed as a new role generation; <paramref name="StateFilesNotWritten"/> names nodes whose state file lags.</summary>
public sealed record MirrorChanged(RoleState State, IReadOnlyList<string> StateFilesNotWritten) : MirrorControlResult
{
    public override string Describe()
    {
        var note = StateFilesNotWritten.Count == 0 ? "" : $" State file not written: {string.Join("; ", StateFilesNotWritten)}.";
        return State.MirrorPaused
            ? $"Mirror paused ({State.Describe()}).{note}"
            : $"Mirror resumed: {State.Active} → {State.Standby} ({State.Describe()}).{note}";
    }
}

/// <summary>The mirror already was as asked; nothing changed.</summary>
public sealed record MirrorAlreadySet(RoleState State) : MirrorControlResult
{
    public override string Describe() => State.MirrorPaused
        ? "The mirror is already paused."
        : $"The mirror already runs {State.Active} → {State.Standby}.";
}

/// <summary>Another change to the roles won the race; nothing was changed.</summary>
public sealed record RolesMovedMeanwhile : MirrorControlResult
{
    public override string Describe() => "The roles changed meanwhile; nothing was changed. Check status and try again.";
}
