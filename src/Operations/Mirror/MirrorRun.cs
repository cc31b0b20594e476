using MailHa.Operations.Topology;

namespace MailHa.Operations.Mirror;

/// <summary>One mirror run as recorded in the journal.</summary>
public sealed record MirrorRun(
    long Id,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    string Trigger,
    NodeName Source,
    NodeName Target,
    long Generation,
    MirrorOutcome Outcome,
    int? ExitCode,
    string Message,
    RsyncStats? Stats)
{
    public TimeSpan Duration => EndedAt - StartedAt;

    /// <summary>Success or warning: the standby received the store as of <see cref="StartedAt"/>.</summary>
    public bool IsGood => Outcome is MirrorOutcome.Succeeded or MirrorOutcome.Warning;

    public string Describe() => Outcome switch
    {
        MirrorOutcome.Succeeded or MirrorOutcome.Warning =>
            $"{Outcome.ToString().ToUpperInvariant()} {Source}→{Target} in {Duration.TotalSeconds:0.0}s: " +
            $"{Stats?.FilesTransferred ?? 0} transferred, {Stats?.FilesCreated?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} created, " +
            $"{Stats?.FilesDeleted?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} deleted, {Stats?.BytesReceived ?? 0} bytes received" +
            (Message.Length > 0 ? $" ({Message})" : ""),
        _ => $"{Outcome.ToString().ToUpperInvariant()} {Source}→{Target}: {Message}",
    };
}
