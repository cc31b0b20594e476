using MailHa.Operations.Failover;
using MailHa.Operations.Topology;

namespace MailHa.Bot.Approvals;

/// <summary>
/// Why a request that needs approval is not requested, is voided, or does not start (nothing was changed), as a value.
/// <see cref="Describe"/> is the one line the refusal, the void and the break-glass answer show.
/// </summary>
public abstract record RequestRefusal
{
    public abstract string Describe();
}

/// <summary>The plan refuses the operation (<paramref name="Refusal"/>: another one running, nothing to move, no room...).</summary>
public sealed record OperationRefused(OperationRefusal Refusal) : RequestRefusal
{
    public override string Describe() => Refusal.Describe();
}

/// <summary>The request's service is not configured, or several are and none was named (<paramref name="Failure"/>: why the topology names none).</summary>
public sealed record ServiceUnavailable(ServiceUnresolved Failure) : RequestRefusal
{
    public override string Describe() => Failure.Describe();
}

/// <summary>A resume of an operation that is not interrupted (it finished, was resumed, or is running).</summary>
public sealed record NotInterrupted(string OperationId) : RequestRefusal
{
    public override string Describe() => $"{OperationId} is not interrupted (it finished, was resumed, or is running)";
}

/// <summary>A resume of an operation whose service is no longer configured.</summary>
public sealed record InterruptedServiceGone(string OperationId, ServiceName Service) : RequestRefusal
{
    public override string Describe() => $"{OperationId} moved service {Service}, which is no longer configured";
}

/// <summary>A mirror resume while the mirror already runs in the recorded direction.</summary>
public sealed record MirrorAlreadyRuns(NodeName Active, NodeName Standby) : RequestRefusal
{
    public override string Describe() => $"the mirror already runs {Active} → {Standby}";
}

/// <summary>A kept request whose verb this MailHa does not have (gone after an upgrade).</summary>
public sealed record VerbUnavailable(string Verb) : RequestRefusal
{
    public override string Describe() => $"this MailHa has no '{Verb}' to run";
}
