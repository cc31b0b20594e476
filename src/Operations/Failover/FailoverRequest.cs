using MailHa.Operations.Topology;

namespace MailHa.Operations.Failover;

/// <summary>
/// An approved operation to run on one service: which, who asked, who approved, what they accepted, and the node the
/// operator picked (<paramref name="To"/>; null: the next reachable node in the service's list with room).
/// </summary>
public sealed record FailoverRequest(ServiceDefinition Service, OperationKind Kind, string RequestedBy, string ApprovedBy, FailoverOverrides Overrides, NodeName? To = null);
