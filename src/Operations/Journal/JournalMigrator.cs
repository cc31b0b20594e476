using Microsoft.Extensions.Hosting;

namespace MailHa.Operations.Journal;

/// <summary>
/// Migrates the journal when the host starts, so a database newer than the code stops the start, not the first request.
/// A database that cannot be reached does not stop it (that would be a crash loop while PostgreSQL is down): the outage
/// is logged once, and the first connection once it answers migrates.
/// </summary>
internal sealed class JournalMigrator(JournalDatabase journal) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await journal.MigrateAsync(cancellationToken);
        }
        catch (JournalUnreachableException)
        {
            // Logged once by the journal; status answers from the nodes until it is back.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
