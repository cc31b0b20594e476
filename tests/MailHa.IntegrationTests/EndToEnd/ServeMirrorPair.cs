using MailHa.IntegrationTests.Lab;

namespace MailHa.IntegrationTests.EndToEnd;

/// <summary>
/// Two <c>mailha serve</c> processes (<c>mailha-a</c>, <c>mailha-b</c>, each its own host name) scheduling the mirror
/// every minute on one PostgreSQL journal, shared by the tests of <see cref="ServeMirrorTests"/>: started by the first
/// test that asks (<see cref="BothAsync"/>, after it checked the lab is up), from one lab scope held until the class
/// ends, then stopped. A test that kills one gets it back from the next <see cref="BothAsync"/>: a new process under
/// the same host name, once the killed one's leases have expired. Tests of the class read only the journal rows of
/// their own minutes and their own triggers.
/// </summary>
public sealed class ServeMirrorPair : IAsyncLifetime
{
    private static readonly string[] Hosts = ["mailha-a", "mailha-b"];

    private readonly ServeInstance?[] _instances = new ServeInstance?[Hosts.Length];
    private LabScope? _scope;
    private ServeJournal? _journal;

    /// <summary>The journal both instances share (after <see cref="BothAsync"/>).</summary>
    public ServeJournal Journal => _journal ?? throw new InvalidOperationException("no instance started yet: call BothAsync first");

    /// <summary>Both instances running: started on the first call, and any one that exited (killed) started again.</summary>
    public async Task<(ServeInstance A, ServeInstance B)> BothAsync(LabFixture lab, PostgresServer postgres, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lab);
        _scope ??= await LabScope.StartAsync(lab, cancellationToken);
        _journal ??= await ServeJournal.CreateAsync(postgres, _scope, cancellationToken);
        for (var i = 0; i < _instances.Length; i++)
        {
            if (_instances[i] is { HasExited: true } gone)
            {
                await gone.DisposeAsync();
                _instances[i] = null;
            }

            _instances[i] ??= await ServeInstance.StartAsync(lab, Hosts[i], _journal.Secret, ServeJournal.Settings(mirrorCron: "* * * * *"), cancellationToken);
        }

        return (_instances[0]!, _instances[1]!);
    }

    /// <summary>Nothing yet: the first test starts the pair once it knows the lab is up.</summary>
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            if (instance is not null)
            {
                await instance.DisposeAsync();
            }
        }

        if (_scope is not null)
        {
            await _scope.DisposeAsync();
        }
    }
}
