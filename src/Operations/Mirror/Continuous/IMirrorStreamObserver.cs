using MailHa.Operations.Reporting;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Mirror.Continuous;

/// <summary>Told when a problem of the continuous mirror starts or clears (the bot turns them into alerts).</summary>
public interface IMirrorStreamObserver
{
    Task OnStreamProblemAsync(MirrorStreamProblem problem, CancellationToken cancellationToken);
}

/// <summary>
/// A problem of one service's continuous mirror (<see cref="Service"/>). <see cref="Active"/> false: it cleared. A refused or failed full run is not one of
/// them: it is recorded and alerted on as every mirror run is.
/// </summary>
public abstract record MirrorStreamProblem(ServiceName Service, bool Active)
{
    /// <summary>The key the alert streak is tracked under (with the service's name when several services stream).</summary>
    public abstract string Key { get; }

    public abstract string Describe();
}

/// <summary>The stream cannot run on the active node (too few inotify watches, no inotifywait): the mirror is back to its interval.</summary>
public sealed record StreamFellBack(ServiceName Service, bool Active, string Reason) : MirrorStreamProblem(Service, Active)
{
    public override string Key => "mirror-stream";

    public override string Describe() => Active
        ? $"the continuous mirror fell back to the interval (Mirror:Cron): {Reason}"
        : "the continuous mirror streams again";
}

/// <summary>The standby's copy is older than <c>Mirror:LagAlertAfter</c> (<see cref="Lag"/> null: no heartbeat reached it).</summary>
public sealed record LagTooHigh(ServiceName Service, bool Active, TimeSpan? Lag, TimeSpan Limit) : MirrorStreamProblem(Service, Active)
{
    public override string Key => "mirror-lag";

    public override string Describe() => (Active, Lag) switch
    {
        (true, { } lag) => $"mirror lag is {Durations.Format(lag)}, above {Durations.Format(Limit)}: an unplanned failover now loses about {Durations.Format(lag)} of mail",
        (true, null) => "no heartbeat has reached the standby's copy: the mirror lag is unknown",
        (false, { } lag) => $"mirror lag is back to {Durations.Format(lag)}",
        _ => "mirror lag is back under its limit",
    };
}
