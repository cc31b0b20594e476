using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Journal;

public static class JournalServiceCollectionExtensions
{
    /// <summary>Registers the journal database (<c>MailHa:Storage</c>: SQLite or PostgreSQL), migrated at start.</summary>
    public static IServiceCollection AddJournal(this IServiceCollection services)
    {
        services.AddOptions<JournalOptions>().BindConfiguration(JournalOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JournalOptions>, JournalOptionsValidator>());
        services.TryAddSingleton<JournalDatabase>();
        services.TryAddSingleton<InstanceIdentity>();
        services.TryAddSingleton<Leases>();
        services.TryAddSingleton<OperationLock>();
        services.AddHostedService<JournalMigrator>();
        return services;
    }
}
