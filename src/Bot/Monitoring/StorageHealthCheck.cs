using MailHa.Operations.Journal;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MailHa.Bot.Monitoring;

/// <summary>Ready only when the journal answers: without it MailHa can record nothing (runs, roles, audit) and must not take work.</summary>
public sealed class StorageHealthCheck(JournalDatabase journal) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await journal.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("the journal answers");
        }
        catch (Exception e) when (e is not OperationCanceledException && journal.Availability.Unreachable(e) is { } outage)
        {
            // The outage's own words and start, not the driver's exception text (logged once, by the journal).
            return HealthCheckResult.Unhealthy(outage.Describe(), data: new Dictionary<string, object> { ["unreachableSince"] = outage.Since });
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"the journal does not answer: {e.Message}");
        }
    }
}
