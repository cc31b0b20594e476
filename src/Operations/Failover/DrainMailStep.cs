using MailHa.Operations.Ssh;

namespace MailHa.Operations.Failover;

/// <summary>
/// 3. Once the old primary no longer has the VIP, and before the final sync pulls from it, its MTA hands over what it
/// accepted: an MTA answers "250 OK" once a message is queued and writes it into the store later (a moment later, or
/// much later when the delivery was deferred), and a message stored after the final sync stays behind on the old
/// primary, where the first mirror run the other way deletes it. The queue is flushed once (deferred mail is tried at
/// once) and counted until it holds nothing for the store, within <see cref="Topology.MirrorOptions.DrainTimeout"/>
/// (<see cref="QueueDrain.Command"/>). Mail still queued then stops the move (the VIP goes back to the old primary,
/// whose MTA delivers it there) unless the approver accepted a final-sync failure.
/// </summary>
public sealed class DrainMailStep(IRemoteShell shell) : FailoverStep
{
    public override int Order => 3;

    public override string Name => "drain-mail";

    public override string Title => "Let the old primary store the mail it accepted";

    public override string Rule => "stops when its MTA still holds mail for the store after the drain timeout, or its queue cannot be read, unless the approver accepted a final-sync failure (the VIP goes back to it); skipped when it is unreachable or no queue count is configured";

    public override IReadOnlyList<PlannedCommand> Commands(FailoverContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return QueueDrain.Command(context.Service.Mirror, context.Source.Platform) is { } drain
            ? [new(context.Source.NodeName, drain.Name, drain.Text)]
            : [];
    }

    public override string? Note(FailoverContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.SourceFoundDown is not null && QueueDrain.Command(context.Service.Mirror, context.Source.Platform) is not null
            ? $"not run: this plan found {context.Source.Name} unreachable, so mail still queued there stays there"
            : null;
    }

    public override async Task<StepResult> ExecuteAsync(FailoverContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (source, mirror) = (context.Source, context.Service.Mirror);
        if (QueueDrain.Command(mirror, source.Platform) is not { } command)
        {
            return new DrainNotConfigured(source.NodeName);
        }

        if (await context.Facts.SourceDownAsync() is { } down)
        {
            return new DrainSkippedSourceDown(source.NodeName, down);
        }

        var drain = QueueDrain.Read(source.NodeName, await shell.RunAsync(source.NodeName, command, cancellationToken), mirror.DrainTimeout);
        if (drain is QueueEmpty)
        {
            return new Drained(drain);
        }

        return context.Request.Overrides.FinalSyncFailure
            ? new MailLeftAccepted(drain, source.NodeName, context.Target.NodeName, context.Request.ApprovedBy)
            : new MailStillQueued(drain, source.NodeName);
    }
}
