using Hangfire.AspNetCore;
using Hangfire.Logging;
using MailHa.Operations.Jobs;
using Microsoft.Extensions.Logging;

namespace MailHa.Operations.Tests.Jobs;

public class JournalOutageQuietLogTests
{
    [Fact]
    public void GetLogger_GivesALoggerThatDropsEntries_WhenTheHostThatConfiguredHangfireHasStopped()
    {
        var loggers = LoggerFactory.Create(_ => { });
        var log = new JournalOutageQuietLog(new AspNetCoreLogProvider(loggers));
        var before = log.GetLogger("Hangfire.Server.Worker");
        loggers.Dispose();

        var after = log.GetLogger("Hangfire.RecurringJobManager");

        Assert.False(after.Log(Hangfire.Logging.LogLevel.Warn, () => "a warning"));
        before.Log(Hangfire.Logging.LogLevel.Warn, () => "a warning");
    }

    [Fact]
    public void Log_Passes_WhatIsNotAboutReachingTheJournal()
    {
        using var loggers = LoggerFactory.Create(builder => builder.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Trace).AddProvider(new Counting()));
        var log = new JournalOutageQuietLog(new AspNetCoreLogProvider(loggers)).GetLogger("Hangfire.Server.Worker");

        Assert.True(log.Log(Hangfire.Logging.LogLevel.Warn, () => "a job failed", new InvalidOperationException("not the journal")));
    }

    private sealed class Counting : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger();

        public void Dispose()
        {
        }

        private sealed class Logger : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

            public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
            }
        }
    }
}
