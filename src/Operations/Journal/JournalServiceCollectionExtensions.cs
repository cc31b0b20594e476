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
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<JournalDatabase>();
        services.TryAddSingleton<InstanceIdentity>();
        services.TryAddSingleton<Leases>();
        services.TryAddSingleton<OperationLock>();
        services.AddJournalSchema(OperationLock.Schema);
        services.AddJournalSchema(Leases.Schema);
        services.AddHostedService<JournalMigrator>();
        return services;
    }

    /// <summary>Adds the tables of <paramref name="schema"/> to the journal, applied at start (once per name, however often it is called).</summary>
    public static IServiceCollection AddJournalSchema(this IServiceCollection services, JournalSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (!services.Any(d => d.ServiceType == typeof(JournalSchema) && d.ImplementationInstance is JournalSchema known && known.Name == schema.Name))
        {
            services.AddSingleton(schema);
        }

        return services;
    }
}
