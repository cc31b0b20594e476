namespace MailHa.Operations.Ldap;

/// <summary>
/// One <c>{replica N url} min max</c> element of a replica update vector: the oldest and newest change
/// this server holds that originated on replica <paramref name="ReplicaId"/>. Both are null when it holds none.
/// </summary>
public sealed record RuvReplica(int ReplicaId, string? Url, RuvCsn? MinCsn, RuvCsn? MaxCsn);
