using MailHa.Operations.Mirror;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Failover;

/// <summary>What every step of one operation works from: the service, the nodes, the request, what earlier steps found.</summary>
public sealed class FailoverContext(OperationRecord operation, FailoverRequest request, NodeOptions source, NodeOptions target, SourceFacts? facts = null, Task<MirrorRun>? catchUp = null)
{
    /// <summary>The service that moves: its VIP is the only one touched, its store the only one synced.</summary>
    public ServiceDefinition Service => Request.Service;

    public OperationRecord Operation { get; } = operation;

    public FailoverRequest Request { get; } = request;

    public NodeOptions Source { get; } = source;

    public NodeOptions Target { get; } = target;

    public VipOptions Vip => Service.Vip;

    public OperationKind Kind => Operation.Kind;

    /// <summary>The source's facts, gathered once at approval (a dry run has none: it executes nothing).</summary>
    public SourceFacts Facts => facts ?? throw new InvalidOperationException("facts are gathered only for a running operation");

    /// <summary>In a plan: why it could not reach the source over SSH (null: it could). The run that follows does not ask it again.</summary>
    public CommandOutcome? SourceFoundDown { get; init; }

    /// <summary>A planned move's catch-up mirror run, started at approval while the source still serves; null when none runs.</summary>
    public Task<MirrorRun>? CatchUp { get; } = catchUp;

    /// <summary>Whether the old active node could be reached over SSH when it was fenced (null before).</summary>
    public bool? SourceReachable { get; set; }

    /// <summary>Whether the old active node had the VIP taken down by this operation (so a rollback may re-raise it).</summary>
    public bool SourceFenced { get; set; }

    /// <summary>Whether this run proved, from the target after the fence, that nobody answers ARP for the VIP (that is also the duplicate-address check).</summary>
    public bool VipSilenceProven { get; set; }

    /// <summary>Waits for everything of this operation still in flight (the source's facts, the catch-up): nothing of it may still run on a node once it has ended.</summary>
    public async Task SettleAsync()
    {
        if (facts is not null)
        {
            await facts.SettleAsync();
        }

        if (CatchUp is { } run)
        {
            await run.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }
}
