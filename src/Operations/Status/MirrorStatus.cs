using MailHa.Operations.Mirror;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Status;

/// <summary>The mirror as an on-call engineer wants it: direction, paused or not, last run, last success, age, next run.</summary>
public sealed record MirrorStatus(
    NodeName Source,
    NodeName Target,
    bool Paused,
    MirrorRun? LastRun,
    MirrorRun? LastGood,
    TimeSpan? Age,
    DateTimeOffset? NextRun);
