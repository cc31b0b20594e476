using MailHa.Bot.Chat;
using MailHa.Operations.Ldap;
using MailHa.Operations.Liveness;
using MailHa.Operations.Mirror;
using MailHa.Operations.Mirror.Continuous;
using MailHa.Operations.Reporting;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Alerts;



/// <summary>What a failover proposal shows besides the views: the mail an unplanned failover loses (mirror age or lag) and replication.</summary>
public sealed class ProposalFacts(
    MirrorHistory history,
    MirrorStreamState stream,
    ReplicationChecker replication,
    IOptions<DirectoryOptions> directory,
    TimeProvider time)
{
    /// <summary>The continuous mirror's last measured lag ("1.4 s"); empty in Interval mode or before any measurement.</summary>
    public string MirrorLag => stream.View.Lag is { } lag ? Durations.Format(lag) : "";

    public async Task<string> MirrorAgeAsync(ServiceName service, CancellationToken cancellationToken)
    {
        var lastGood = await history.LastGoodAsync(service, cancellationToken);
        return lastGood is null
            ? "the mirror never succeeded"
            : $"the standby's copy is {Durations.Format(time.GetUtcNow() - lastGood.StartedAt)} old (last good run {ChatTime.Full(lastGood.StartedAt)})";
    }

    public async Task<string> ReplicationAsync(LivenessSample sample, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sample);

        // A check against a directory that just did not answer would only delay the card by its timeout.
        if (sample.Of(sample.Active).FirstOrDefault(v => v.Kind == LivenessViewKind.Directory) is { Answers: not true } silent)
        {
            return $"not checked: {sample.Active}'s directory does not answer ({silent.Detail}); {sample.Standby}'s copy has what was replicated before";
        }

        var bound = directory.Value.Timeout * 2 + TimeSpan.FromSeconds(1);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(bound);
        try
        {
            var report = await replication.CheckAsync(deadline.Token).WaitAsync(deadline.Token);
            return $"{report.State}: {string.Join("; ", report.Suffixes.Select(s => s.Describe()))}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"unknown (no answer within {Durations.Format(bound)})";
        }
    }
}
