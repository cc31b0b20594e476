using Microsoft.Extensions.Hosting;

namespace MailHa.Operations.Journal;

/// <summary>Migrates the journal when the host starts, so a database newer than the code stops the start, not the first request.</summary>
internal sealed class JournalMigrator(JournalDatabase journal) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => journal.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
