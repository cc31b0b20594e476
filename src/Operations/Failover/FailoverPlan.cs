using System.Security.Cryptography;
using System.Text;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Failover;

/// <summary>
/// The exact plan and what each check currently finds (<see cref="Findings"/>, worded by <see cref="PlanText"/>).
/// <see cref="Fingerprint"/> covers the steps and the facts an approval depends on (<see cref="FingerprintFacts"/>), so an
/// approval can be voided when what was shown is no longer true (VIP holder, last mirror run, replication state, roles
/// generation).
/// </summary>
public sealed record FailoverPlan(
    ServiceName Service,
    OperationKind Kind,
    NodeName Source,
    NodeName Target,
    long Generation,
    IReadOnlyList<PlannedStep> Steps,
    IReadOnlyList<PlanFinding> Findings,
    IReadOnlyList<string> FingerprintFacts,
    OperationRefusal? Refusal)
{
    public string Fingerprint { get; } = Hash(Kind, Source, Target, Generation, Steps, FingerprintFacts);

    /// <summary>
    /// The health watch's findings this plan took instead of asking (a request's card only; its findings say whose they
    /// are and how old); empty when it asked every node itself, as a decision's plan does.
    /// </summary>
    public IReadOnlyList<Liveness.WatchFinding> Taken { get; init; } = [];

    /// <summary>What the card's title says: the one pair's words, with the service named when there are several.</summary>
    public string Headline { get; init; } = $"{Kind}: move the VIP from {Source} to {Target}";

    private static string Hash(OperationKind kind, NodeName source, NodeName target, long generation, IReadOnlyList<PlannedStep> steps, IReadOnlyList<string> facts)
    {
        var text = new StringBuilder().Append(kind).Append('|').Append(source).Append('|').Append(target).Append('|').Append(generation);
        foreach (var step in steps)
        {
            text.Append('\n').Append(step.Name);
            foreach (var command in step.Commands)
            {
                text.Append('\n').Append(command.Node).Append(':').Append(command.Text);
            }
        }

        foreach (var fact in facts)
        {
            text.Append("\nfact:").Append(fact);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }
}
