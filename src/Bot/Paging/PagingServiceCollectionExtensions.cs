using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Paging;

public static class PagingServiceCollectionExtensions
{
    /// <summary>PagerDuty paging (off without <c>MailHa:Paging:PagerDuty:RoutingKey</c>), its worker and its <c>/readyz</c> line.</summary>
    public static IServiceCollection AddPaging(this IServiceCollection services)
    {
        services.AddOptions<PagerDutyOptions>().BindConfiguration(PagerDutyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PagerDutyOptions>, PagerDutyOptionsValidator>());
        services.AddHttpClient<PagerDutyClient>((provider, http) => http.Timeout = provider.GetRequiredService<IOptions<PagerDutyOptions>>().Value.Timeout);
        services.TryAddSingleton<Pager>();
        services.AddHostedService(provider => provider.GetRequiredService<Pager>());
        services.AddHealthChecks().AddCheck<PagingHealthCheck>("paging", tags: ["ready"]);
        return services;
    }
}
