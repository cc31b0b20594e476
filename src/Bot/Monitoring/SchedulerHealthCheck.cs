using Hangfire;
using MailHa.Operations.Journal;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MailHa.Bot.Monitoring;

/// <summary>
/// Ready only when the job storage answers and a job server has sent a heartbeat recently: otherwise the
/// mirror and the health watch are not running, whatever the web side says.
/// </summary>
public sealed class SchedulerHealthCheck(JobStorage storage, TimeProvider time) : IHealthCheck
{
    /// <summary>Hangfire servers beat every 30 s and are timed out after 5 min; older than this is a stopped server.</summary>
    public static readonly TimeSpan HeartbeatLimit = TimeSpan.FromMinutes(5);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var now = time.GetUtcNow().UtcDateTime;
            var servers = storage.GetMonitoringApi().Servers();
            var alive = servers.Count(s => s.Heartbeat is { } beat && now - DateTime.SpecifyKind(beat, DateTimeKind.Utc) < HeartbeatLimit);
            var data = new Dictionary<string, object> { ["servers"] = servers.Count, ["alive"] = alive };
            return Task.FromResult(alive > 0
                ? HealthCheckResult.Healthy($"{alive} job server(s) alive", data)
                : HealthCheckResult.Unhealthy($"no job server has beaten within {HeartbeatLimit.TotalMinutes:0} min: the mirror and the health watch are not scheduled", data: data));
        }
        catch (Exception e) when (JournalAvailability.IsUnreachable(e))
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the job storage (PostgreSQL) is unreachable: jobs resume by themselves when it answers"));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"the job storage does not answer: {e.Message}"));
        }
    }
}
