using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SmartCardFleet.Host.Tests.Support;

/// <summary>
/// Writes every log line, at every level, as "{category} {logLevel} {message}" into a queue the test owns,
/// so a test can check what the station logged (and what it must never log).
/// </summary>
internal sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Capturing(categoryName, lines);

    public void Dispose()
    {
    }

    private sealed class Capturing(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{category} {logLevel} {formatter(state, exception)}");
    }
}
