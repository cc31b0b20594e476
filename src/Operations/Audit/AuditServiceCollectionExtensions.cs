using MailHa.Operations.Journal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailHa.Operations.Audit;

public static class AuditServiceCollectionExtensions
{
    /// <summary>Registers the hash-chained audit trail, kept in the journal (registered too).</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddJournal();
        services.TryAddSingleton<AuditLog>();
        services.AddJournalSchema(AuditLog.Schema);
        return services;
    }
}
