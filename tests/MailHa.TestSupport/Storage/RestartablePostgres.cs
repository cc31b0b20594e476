namespace MailHa.TestSupport.Storage;

/// <summary>
/// A PostgreSQL of a test class's own (the assembly's server is shared by every test and must never stop), which its
/// tests stop and start by PID (<see cref="PostgresServer.StopAsync"/>, <see cref="PostgresServer.StartAsync"/>). The tests
/// of one class run one at a time, so a stop reaches only the test that made it.
/// </summary>
public sealed class RestartablePostgres : IAsyncLifetime
{
    public PostgresServer Server { get; } = new();

    public ValueTask InitializeAsync() => Server.InitializeAsync();

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
