using MailHa.Operations.Audit;
using MailHa.Operations.Failover;
using MailHa.Operations.Journal;
using MailHa.Operations.Ldap;
using MailHa.Operations.Liveness;
using MailHa.Operations.Mirror;
using MailHa.Operations.Mirror.Continuous;
using MailHa.Operations.Ssh;
using MailHa.Operations.Status;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Operations;

public static class OperationsServiceCollectionExtensions
{
    /// <summary>Everything MailHa does to the mail system, without any chat: topology, SSH, mirror, LDAP, VIP, failover.</summary>
    public static IServiceCollection AddMailHaOperations(this IServiceCollection services)
    {
        services.AddTopology();
        services.AddSsh();
        services.AddJournal();
        services.AddAudit();
        services.AddVip();
        services.AddMirror();
        services.AddContinuousMirror();
        services.AddLdap();
        services.AddFailover();
        services.AddStatus();
        services.AddLiveness();
        return services;
    }
}
