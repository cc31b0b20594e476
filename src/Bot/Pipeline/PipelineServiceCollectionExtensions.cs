using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Operations.Journal;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailHa.Bot.Pipeline;

public static class PipelineServiceCollectionExtensions
{
    /// <summary>The one pipeline every channel and the command line use. Use cases register with <see cref="AddUseCase{T}"/>.</summary>
    public static IServiceCollection AddPipeline(this IServiceCollection services)
    {
        services.TryAddSingleton<DeliveryDeduplicator>();
        services.AddJournalSchema(DeliveryDeduplicator.Schema);
        services.TryAddSingleton<UseCaseCatalog>();
        services.TryAddSingleton<ChatPipeline>();
        services.TryAddSingleton<IChatRouter>(sp => sp.GetRequiredService<ChatPipeline>());
        return services;
    }

    /// <summary>Adds one operator action; the order of registration is the order of help and of parsing.</summary>
    public static IServiceCollection AddUseCase<T>(this IServiceCollection services)
        where T : class, IUseCase
    {
        services.TryAddSingleton<T>();
        services.AddSingleton<IUseCase>(sp => sp.GetRequiredService<T>());
        if (typeof(T).IsAssignableTo(typeof(IApprovalKind)))
        {
            services.AddSingleton(sp => (IApprovalKind)sp.GetRequiredService<T>());
        }
        return services;
    }
}
