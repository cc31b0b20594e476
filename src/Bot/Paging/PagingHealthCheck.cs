using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Paging;

/// <summary>In <c>/readyz</c>: degraded, with PagerDuty's reason, while the last page was refused (a bad routing key, a bad event).</summary>
public sealed class PagingHealthCheck(Pager pager, IOptions<PagerDutyOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(pager.LastRejection is { } rejection
            ? HealthCheckResult.Degraded("Paging: " + rejection)
            : HealthCheckResult.Healthy(options.Value.Enabled ? "Paging: no page refused" : "Paging: off (no routing key)"));
}
