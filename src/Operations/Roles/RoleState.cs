using MailHa.Operations.Topology;

namespace MailHa.Operations.Roles;

/// <summary>
/// Who runs one service (holds its VIP, is its mirror's source) and who is its standby (the node its mirror feeds), at a
/// generation of that service that only ever grows. After a failover the mirror is paused until an operator sets the new
/// direction.
/// </summary>
public sealed record RoleState(
    ServiceName Service,
    long Generation,
    NodeName Active,
    NodeName Standby,
    bool MirrorPaused,
    DateTimeOffset ChangedAt,
    string ChangedBy,
    string Reason)
{
    /// <summary>The node-side state file's text: <c>key=value</c> lines any shell can read with sed.</summary>
    public string ToStateFile() =>
        $"service={Service}\ngeneration={Generation}\nactive={Active}\nstandby={Standby}\npaused={(MirrorPaused ? 1 : 0)}\nchanged_at={ChangedAt.ToUnixTimeSeconds()}\n";

    public string Describe() =>
        $"generation {Generation}: {Active} active, {Standby} standby, mirror {(MirrorPaused ? "PAUSED" : $"{Active} → {Standby}")}";
}
