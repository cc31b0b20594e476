using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MailHa.Bot.Paging;

/// <summary>In <c>/readyz</c>: degraded, with PagerDuty's reason, while the last page was refused (a bad routing key, a bad event).</summary>
public sealed class PagingHealthCheck(Pager pager) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(pager.LastRejection is { } rejection
            ? HealthCheckResult.Degraded("Paging: " + rejection)
            : HealthCheckResult.Healthy("Paging: no page refused"));
}
