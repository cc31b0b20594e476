using MailHa.Operations.Audit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailHa.Operations.Journal;

public static class JournalServiceCollectionExtensions
{
    /// <summary>Registers the embedded journal database (<c>MailHa:Storage</c>).</summary>
    public static IServiceCollection AddJournal(this IServiceCollection services)
    {
        services.AddOptions<JournalOptions>().BindConfiguration(JournalOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<JournalDatabase>();
        services.TryAddSingleton<OperationLock>();
        services.TryAddSingleton<AuditLog>();
        return services;
    }
}
