using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace MailHa.Bench;

/// <summary>One remote command MailHa ran, from its own SSH log (event 1103 "exited", 1104 "timed out", 1101 "unreachable").</summary>
internal sealed record SshCommand(double AtMs, string Command, string Node, int? Code, double ElapsedMs, string Kind);

/// <summary>
/// Captures MailHa's SSH log events (command name, node, exit code, elapsed ms: never command text) so the
/// benchmark can say where a step's time goes. Warnings and errors of any category go to stderr.
/// </summary>
internal sealed class SshCommandLog : ILoggerProvider
{
    private readonly ConcurrentQueue<SshCommand> _commands = new();
    private Stopwatch _clock = Stopwatch.StartNew();

    public ILogger CreateLogger(string categoryName) => new Capture(this, categoryName);

    /// <summary>Forgets what was captured and restarts the clock commands are timed against.</summary>
    public void Reset(Stopwatch clock)
    {
        _commands.Clear();
        _clock = clock;
    }

    public IReadOnlyList<SshCommand> Commands => [.. _commands];

    public void Dispose()
    {
    }

    private sealed class Capture(SshCommandLog owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id is 1101 or 1103 or 1104 && state is IReadOnlyList<KeyValuePair<string, object?>> fields)
            {
                string Field(string name) => fields.FirstOrDefault(f => f.Key == name).Value?.ToString() ?? "";
                var elapsed = double.TryParse(Field("ElapsedMs"), System.Globalization.CultureInfo.InvariantCulture, out var ms) ? ms : double.NaN;
                int? code = int.TryParse(Field("Code"), System.Globalization.CultureInfo.InvariantCulture, out var c) ? c : null;
                var kind = eventId.Id switch { 1103 => "exited", 1104 => "timed-out", _ => "unreachable" };
                owner._commands.Enqueue(new SshCommand(owner._clock.Elapsed.TotalMilliseconds, Field("Command"), Field("Node"), code, elapsed, kind));
            }

            if (logLevel >= LogLevel.Warning)
            {
                Console.Error.WriteLine($"  [{logLevel}] {category}: {formatter(state, exception)}");
            }
        }
    }
}
