using MailHa.Operations.Topology;

namespace MailHa.Operations.Ldap;

/// <summary>
/// For changes that originated on one master (OpenLDAP server id, Sun ONE replica id): which server is
/// behind, and by how much real time. When <paramref name="NeverSeen"/> the behind server holds no change
/// from that master at all, and <paramref name="Lag"/> is how long the newest one has been waiting for it (a lower bound).
/// </summary>
public sealed record OriginLag(int OriginId, NodeName Behind, TimeSpan Lag, bool NeverSeen)
{
    public string Describe() => NeverSeen
        ? $"{Behind} has no change from origin {OriginId} (newest one waiting {Durations.Format(Lag)})"
        : $"{Behind} is {Durations.Format(Lag)} behind on origin {OriginId}";
}
