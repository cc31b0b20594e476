using System.Globalization;
using MailHa.Operations.Reporting;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Mirror;

/// <summary>One mirror run of one service's store as recorded in the journal.</summary>
public sealed record MirrorRun(
    ServiceName Service,
    long Id,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    string Trigger,
    NodeName Source,
    NodeName Target,
    long Generation,
    MirrorOutcome Outcome,
    int? ExitCode,
    RsyncStats? Stats)
{
    public TimeSpan Duration => EndedAt - StartedAt;

    public MirrorVerdict Verdict => Outcome.Verdict;

    /// <summary>Success or warning: the standby received the store as of <see cref="StartedAt"/>.</summary>
    public bool IsGood => Outcome.IsGood;

    /// <summary>The outcome's own line (empty for a plain success).</summary>
    public string Message => Outcome.Describe();

    public string Describe() => IsGood
        ? $"{Verdict.ToString().ToUpperInvariant()} {Source}→{Target} in {Durations.Format(Duration)}: " +
          $"{Stats?.FilesTransferred ?? 0} transferred, {Stats?.FilesCreated?.ToString(CultureInfo.InvariantCulture) ?? "?"} created, " +
          $"{Stats?.FilesDeleted?.ToString(CultureInfo.InvariantCulture) ?? "?"} deleted, {Stats?.BytesReceived ?? 0} bytes received" +
          (Message.Length > 0 ? $" ({Message})" : "")
        : $"{Verdict.ToString().ToUpperInvariant()} {Source}→{Target}: {Message}";
}
