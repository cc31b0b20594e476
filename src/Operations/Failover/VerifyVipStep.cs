using MailHa.Operations.Vip;

namespace MailHa.Operations.Failover;

/// <summary>
/// 7. From outside: the VIP answers, and the target is the one answering. A connection sent while a
/// neighbour still has the old MAC is lost until TCP retries, so a new one starts every quarter second
/// (a few in flight, each with the probe timeout) and the first banner from the target ends the wait.
/// </summary>
public sealed class VerifyVipStep(VipLocator vip, TimeProvider time) : FailoverStep
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(250);
    private const int InFlight = 8;

    public override int Order => 7;

    public override string Name => "verify-vip";

    public override string Title => "Verify the VIP answers from the standby";

    public override string Rule => "fails when the VIP does not answer, or another node answers on it";

    public override IReadOnlyList<PlannedCommand> Commands(FailoverContext context) => [];

    public override async Task<StepResult> ExecuteAsync(FailoverContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var started = time.GetTimestamp();
        var probes = new List<Task<ServiceAnswer>>();
        ServiceAnswer answer = new Silent("not probed");
        try
        {
            while (time.GetElapsedTime(started) < Patience)
            {
                if (probes.Count < InFlight)
                {
                    probes.Add(vip.ProbeVipAsync(context.Service, stop.Token));
                }

                var spacing = Task.Delay(Spacing, time, stop.Token);
                var first = await Task.WhenAny([.. probes, spacing]);
                if (first is Task<ServiceAnswer> finished)
                {
                    probes.Remove(finished);
                    answer = await finished;
                    if (vip.IdentifyAnswer(answer) == context.Target.NodeName)
                    {
                        return new VipAnswersFromTarget(context.Vip.Address, context.Vip.ServicePort, context.Target.NodeName, ((Answered)answer).Banner);
                    }

                    // Refused or answered by another node: wait the spacing before the next one.
                    await spacing;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(probes.Select(p => p.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default)));
        }

        return answer switch
        {
            Answered a => new VipAnsweredByOther(context.Target.NodeName, a.Banner),
            Silent s => new VipSilent(Patience, s.Reason),
            _ => new VipSilent(Patience, "no answer"),
        };
    }
}
