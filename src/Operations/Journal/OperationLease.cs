using MailHa.Operations.Topology;

namespace MailHa.Operations.Journal;

/// <summary>Who holds a service's one-operation-at-a-time lease, for what, since when, from which instance, until when unless renewed.</summary>
public sealed record OperationLease(string OperationId, string Kind, string Holder, DateTimeOffset Since, string Instance, DateTimeOffset ExpiresAt)
{
    /// <summary>The service whose lease it is.</summary>
    public ServiceName Service { get; init; }

    public string Describe() => $"{Kind} {OperationId}{(Service.Value is { } service ? $" of {service}" : "")} started by {Holder} at {Since:yyyy-MM-dd HH:mm:ss}Z on {Instance.Split(':')[0]}";
}
