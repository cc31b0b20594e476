using MailHa.Operations.Ldap;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Bot.Alerts;

/// <summary>What one run of the health watch found: who holds each service's VIP (configuration order) and how replication stands.</summary>
public sealed record HealthWatchReport(IReadOnlyList<ServiceVip> Vips, ReplicationReport Replication);

/// <summary>Who holds one service's VIP.</summary>
public sealed record ServiceVip(ServiceName Service, VipReport Vip);
