using MailHa.Operations.Journal;
using MailHa.Operations.Roles;
using MailHa.Operations.Topology;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailHa.Operations.Mirror;

public static class MirrorServiceCollectionExtensions
{
    /// <summary>Registers the mirror (<c>MailHa:Mirror</c>), its history and the recorded roles.</summary>
    public static IServiceCollection AddMirror(this IServiceCollection services)
    {
        services.AddOptions<MirrorOptions>().BindConfiguration(MirrorOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<MirrorOptions>, MirrorOptionsValidator>());
        services.TryAddSingleton<RoleStore>();
        services.AddJournalSchema(RoleStore.Schema);

        // What the journal recorded for the one pair, before state was kept per service, is the first service's.
        services.TryAddSingleton(sp => new LegacyServiceOwner(() => sp.GetRequiredService<MailTopology>().Services[0].Name.Value));
        services.TryAddSingleton<NodeStateFiles>();
        services.TryAddSingleton<MirrorHistory>();
        services.AddJournalSchema(MirrorHistory.Schema);
        services.TryAddSingleton<MirrorRunner>();
        services.TryAddSingleton<MirrorControl>();
        return services;
    }
}
