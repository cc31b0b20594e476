using MailHa.Operations.Ldap;
using MailHa.Operations.Vip;

namespace MailHa.Bot.Alerts;

/// <summary>What one run of the health watch found: who holds the VIP and how replication stands.</summary>
public sealed record HealthWatchReport(VipReport Vip, ReplicationReport Replication);
