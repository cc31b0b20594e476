using MailHa.IntegrationTests.Lab;

namespace MailHa.IntegrationTests.EndToEnd;

/// <summary>
/// Two <c>mailha serve</c> processes (<c>mailha-a</c>, <c>mailha-b</c>, each its own host name) scheduling the mirror
/// with one cron on one PostgreSQL journal, from one lab scope, for one test of <see cref="ServeMirrorTests"/> (each
/// test its own cron); stopped, and the lab's baseline put back, when it is disposed.
/// </summary>
public sealed class ServeMirrorPair : IAsyncDisposable
{
    private readonly LabScope _scope;

    private ServeMirrorPair(LabScope scope, ServeJournal journal, ServeInstance a, ServeInstance b)
    {
        _scope = scope;
        Journal = journal;
        A = a;
        B = b;
    }

    /// <summary>The journal both instances share.</summary>
    public ServeJournal Journal { get; }

    public ServeInstance A { get; }

    public ServeInstance B { get; }

    /// <summary>Starts both instances with the mirror scheduled on <paramref name="mirrorCron"/> (after the test checked the lab is up).</summary>
    public static async Task<ServeMirrorPair> StartAsync(LabFixture lab, PostgresServer postgres, string mirrorCron, CancellationToken cancellationToken)
    {
        var scope = await LabScope.StartAsync(lab, cancellationToken);
        var started = new List<ServeInstance>();
        try
        {
            var journal = await ServeJournal.CreateAsync(postgres, scope, cancellationToken);
            foreach (var host in new[] { "mailha-a", "mailha-b" })
            {
                started.Add(await ServeInstance.StartAsync(lab, host, journal.Secret, ServeJournal.Settings(mirrorCron), cancellationToken));
            }

            return new ServeMirrorPair(scope, journal, started[0], started[1]);
        }
        catch
        {
            foreach (var instance in started)
            {
                await instance.DisposeAsync();
            }

            await scope.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await _scope.DisposeAsync();
    }
}
