using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SmartCardFleet.Storage.Audit;
using SmartCardFleet.Storage.Database;
using SmartCardFleet.Storage.Events;
using SmartCardFleet.Storage.Schema;
using SmartCardFleet.Storage.Writing;

namespace SmartCardFleet.Storage;

/// <summary>
/// The station's database put together: the audit journal and its reader, the event window, the health, the schema and
/// the pruning (docs/storage.md). <see cref="StartAsync"/> tries the schema once; when the database is unreachable the
/// station starts anyway with the health Failing, and the schema is retried in the background with a doubling wait while
/// audit entries and events queue (up to the queue bound). The writers start once the schema is there.
/// <see cref="StopAsync"/> writes what is queued, waiting at most <see cref="StorageTuning.StopFlushTimeout"/>.
/// </summary>
public sealed class FleetStorage : IAsyncDisposable
{
    private const string SchemaPart = "schema";

    private readonly StorageTuning _tuning;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SchemaMigrator _schema;
    private readonly Retention _retention;
    private readonly StorageRetention _bounds;
    private readonly SqlAuditJournal _audit;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abort = new();
    private Task? _running;

    public FleetStorage(StorageSettings settings, StorageRetention retention, string stationName, StorageTuning? tuning = null,
        TimeProvider? time = null, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(retention);
        ArgumentException.ThrowIfNullOrWhiteSpace(stationName);
        _bounds = retention.Validated();
        _tuning = tuning ?? StorageTuning.Default;
        _time = time ?? TimeProvider.System;
        _logger = (loggers ?? NullLoggerFactory.Instance).CreateLogger("SmartCardFleet.Storage");
        Settings = settings;
        Health = new StorageHealth(_time);
        Database = new StorageDatabase(settings, _tuning);
        _schema = new SchemaMigrator(Database, _logger);
        _retention = new Retention(Database, stationName, retention, _time);
        AuditWriter = new BatchingWriter<AuditEntry>("audit journal", Database, AuditTable.Rows(stationName), Health, _tuning, _time, _logger);
        EventWriter = new BatchingWriter<StoredEvent>("event window", Database, SqlEventWindow.Rows(stationName), Health, _tuning, _time, _logger);
        _audit = new SqlAuditJournal(Database, AuditWriter);
        Events = new SqlEventWindow(Database, stationName, EventWriter);
    }

    public StorageSettings Settings { get; }

    public StorageHealth Health { get; }

    public IAuditJournal Journal => _audit;

    public IAuditReader AuditReader => _audit;

    public IEventWindow Events { get; }

    internal StorageDatabase Database { get; }

    internal BatchingWriter<AuditEntry> AuditWriter { get; }

    internal BatchingWriter<StoredEvent> EventWriter { get; }

    /// <summary>Ensures the schema (one attempt; on failure the health says why and it is retried in the background),
    /// then runs the writers and the pruning until <see cref="StopAsync"/>.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_running is not null)
        {
            throw new InvalidOperationException("the station's storage is already started");
        }

        var schemaReady = await TryEnsureSchemaAsync(cancellationToken);
        if (schemaReady)
        {
            await TryPruneAsync(cancellationToken);
        }

        _running = Task.Run(() => RunAsync(schemaReady));
    }

    /// <summary>Completes when every audit entry and event accepted before the call is in the database.</summary>
    public Task FlushAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(AuditWriter.FlushAsync(cancellationToken), EventWriter.FlushAsync(cancellationToken));

    /// <summary>Prunes by the retention bounds now (it also runs at start and every prune interval).</summary>
    public Task<(int Audit, int Events)> PruneAsync(CancellationToken cancellationToken) => _retention.PruneAsync(cancellationToken);

    /// <summary>Stops accepting rows and writes what is queued, waiting at most the stop-flush timeout (or until
    /// <paramref name="cancellationToken"/>); what is still queued then is logged as lost.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_running is null || _stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        AuditWriter.Complete();
        EventWriter.Complete();
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(_tuning.StopFlushTimeout);
        try
        {
            await _running.WaitAsync(bounded.Token);
        }
        catch (OperationCanceledException)
        {
            _logger.LogWarning("Station database: the queued rows were not all written within {Timeout} s of stopping ({Status})",
                _tuning.StopFlushTimeout.TotalSeconds, Health.Status);
            await _abort.CancelAsync();
            await _running;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        await Database.DisposeAsync();
        _stopping.Dispose();
        _abort.Dispose();
    }

    private async Task RunAsync(bool schemaReady)
    {
        var wait = _tuning.RetryInitial;
        try
        {
            if (!schemaReady)
            {
                while (!await TryEnsureSchemaAsync(_stopping.Token, afterWait: wait))
                {
                    wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, _tuning.RetryMax.Ticks));
                }

                await TryPruneAsync(_stopping.Token);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            _logger.LogError("Station database: stopped before the database was reachable; {Audit} audit entries and {Events} events not written ({Status})",
                AuditWriter.Accepted, EventWriter.Accepted, Health.Status);
            return;
        }

        var writers = Task.WhenAll(AuditWriter.RunAsync(_abort.Token), EventWriter.RunAsync(_abort.Token));
        await PruneLoopAsync();
        await writers;
    }

    private async Task<bool> TryEnsureSchemaAsync(CancellationToken cancellationToken, TimeSpan afterWait = default)
    {
        await Task.Delay(afterWait, _time, cancellationToken);
        try
        {
            var version = await _schema.EnsureAsync(cancellationToken);
            Health.Recovered(SchemaPart);
            _logger.LogInformation("Station database ready: {Settings}, schema v{Version}", Settings, version);
            return true;
        }
        catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = Database.Describe.Of(failure);
            Health.Failing(SchemaPart, reason);
            _logger.LogWarning("Station database not ready, retrying in the background (readers are served meanwhile): {Reason}", reason);
            return false;
        }
    }

    /// <summary>Prunes every prune interval until stopping (the first run is at start).</summary>
    private async Task PruneLoopAsync()
    {
        using var timer = new PeriodicTimer(_bounds.PruneInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                await TryPruneAsync(_stopping.Token);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping: the writers flush on their own.
        }
    }

    /// <summary>A failed run is logged and left to the next one: the writers already report the database's health.</summary>
    private async Task TryPruneAsync(CancellationToken cancellationToken)
    {
        try
        {
            var (audit, events) = await PruneAsync(cancellationToken);
            _logger.LogInformation("Station database: pruned {Audit} audit records and {Events} events past retention", audit, events);
        }
        catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("Station database: pruning failed, next try in {Interval}: {Reason}", _bounds.PruneInterval, Database.Describe.Of(failure));
        }
    }
}
