using MailHa.Operations.Vip;

namespace MailHa.Operations.Failover;

/// <summary>6. From outside: the VIP answers, and the target is the one answering.</summary>
public sealed class VerifyVipStep(VipLocator vip, TimeProvider time) : FailoverStep
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public override int Order => 6;

    public override string Name => "verify-vip";

    public override string Title => "Verify the VIP answers from the standby";

    public override string Rule => "fails when the VIP does not answer, or another node answers on it";

    public override IReadOnlyList<PlannedCommand> Commands(FailoverContext context) => [];

    public override async Task<StepResult> ExecuteAsync(FailoverContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = time.GetTimestamp();
        ServiceAnswer answer;
        do
        {
            answer = await vip.ProbeVipAsync(cancellationToken);
            if (vip.IdentifyAnswer(answer) == context.Target.NodeName)
            {
                return new StepDone($"{context.Vip.Address}:{context.Vip.ServicePort} answers from {context.Target.Name}: \"{((Answered)answer).Banner}\"");
            }

            // Switches and ARP caches take a moment to learn the move.
            await Task.Delay(TimeSpan.FromMilliseconds(500), time, cancellationToken);
        }
        while (time.GetElapsedTime(started) < Patience);

        return new StepFailed(answer switch
        {
            Answered a => $"the VIP answers, but not from {context.Target.Name}: \"{a.Banner}\"",
            Silent s => $"the VIP does not answer after {Patience.TotalSeconds:0}s: {s.Reason}",
            _ => "the VIP does not answer",
        });
    }
}
