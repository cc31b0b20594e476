using MailHa.Operations.Failover;

namespace MailHa.Bench;

/// <summary>
/// One move of the VIP, by MailHa (<c>mailha</c>) or by the seed's bare commands over ssh (<c>baseline</c>).
/// Times are from approval (the call to FailoverEngine.RunAsync, or the first ssh) on one clock:
/// <see cref="VipMs"/> when the VIP's banner first named the target, <see cref="DoneMs"/> when the
/// operation (or the last ssh command) returned; <see cref="GapMs"/> the service gap (last banner from the
/// source to the first from the target); <see cref="RawSyncMs"/> the raw rsync pull of the same store
/// over ssh, run just before a baseline switchover (the raw final sync the targets compare with);
/// <see cref="Smtp"/> the users' mail sent through the lab's sending MTA during the move, counted on the target.
/// </summary>
internal sealed record MoveRun(
    int Sequence,
    string Tool,
    OperationKind Kind,
    string From,
    string To,
    double? VipMs,
    double? DoneMs,
    string Outcome,
    IReadOnlyList<StepEvent> Steps,
    IReadOnlyList<SshCommand> Commands,
    double? PlanMs,
    WriterResult? Writer,
    int? Lost,
    double? MirrorAgeMs,
    string Note,
    double? GapMs = null,
    double? RawSyncMs = null,
    SmtpResult? Smtp = null)
{
    public bool Succeeded => Outcome == "Succeeded";
}
