namespace MailHa.Operations.Mirror;

/// <summary>Told of every recorded mirror run (the bot turns failures and recoveries into alerts).</summary>
public interface IMirrorObserver
{
    Task OnRunCompletedAsync(MirrorRunCompleted completed, CancellationToken cancellationToken);
}
