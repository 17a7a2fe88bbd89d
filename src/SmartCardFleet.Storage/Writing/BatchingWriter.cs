using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using SmartCardFleet.Storage.Database;

namespace SmartCardFleet.Storage.Writing;

/// <summary>
/// Writes rows to the database off the caller's thread, for the audit journal and the event window alike.
/// <see cref="TryEnqueue"/> never blocks: the row goes to a bounded queue, or is refused and counted as dropped when the
/// queue is full. One task drains the queue in batches (what is queued, up to the batch size) and writes each batch as
/// multi-row INSERTs in one transaction. When the database fails, the batch is kept and retried with a doubling wait while
/// new rows queue behind it, and the health says why; nothing is lost until the queue is full.
/// </summary>
internal sealed class BatchingWriter<T>
{
    private readonly string _part;
    private readonly StorageDatabase _database;
    private readonly RowTable<T> _table;
    private readonly StorageHealth _health;
    private readonly StorageTuning _tuning;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<T> _queue;
    private readonly Lock _progressGate = new();
    private TaskCompletionSource _progress = NewProgress();
    private long _accepted;
    private long _written;

    public BatchingWriter(string part, StorageDatabase database, RowTable<T> table, StorageHealth health, StorageTuning tuning, TimeProvider time,
        ILogger logger)
    {
        _part = part;
        _database = database;
        _table = table;
        _health = health;
        _tuning = tuning;
        _time = time;
        _logger = logger;
        _queue = Channel.CreateBounded<T>(new BoundedChannelOptions(tuning.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    /// <summary>Rows accepted so far.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Rows committed to the database so far.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Queues <paramref name="row"/>; false when the queue is full or the writer has stopped (counted as dropped).</summary>
    public bool TryEnqueue(T row)
    {
        if (_queue.Writer.TryWrite(row))
        {
            Interlocked.Increment(ref _accepted);
            return true;
        }

        _health.CountDropped(_part);
        return false;
    }

    /// <summary>Completes when every row accepted before the call is in the database.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var target = Accepted;
        while (Written < target)
        {
            Task progress;
            lock (_progressGate)
            {
                progress = _progress.Task;
            }

            if (Written >= target)
            {
                return;
            }

            await progress.WaitAsync(cancellationToken);
        }
    }

    /// <summary>No more rows are accepted; <see cref="RunAsync"/> ends once the queue is written.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    /// <summary>Drains the queue until <see cref="Complete"/> and an empty queue, or until <paramref name="abort"/>.</summary>
    public async Task RunAsync(CancellationToken abort)
    {
        var batch = new List<T>(_tuning.BatchSize);
        var wait = _tuning.RetryInitial;
        try
        {
            while (batch.Count > 0 || await _queue.Reader.WaitToReadAsync(abort))
            {
                while (batch.Count < _tuning.BatchSize && _queue.Reader.TryRead(out var row))
                {
                    batch.Add(row);
                }

                try
                {
                    await WriteAsync(batch, abort);
                }
                catch (Exception failure) when (!abort.IsCancellationRequested)
                {
                    var reason = _database.Describe.Of(failure);
                    _health.Failing(_part, reason);
                    _logger.LogWarning("Station database: writing {Count} {Part} rows failed, retrying in {Wait} ms with {Queued} more queued: {Reason}",
                        batch.Count, _part, (long)wait.TotalMilliseconds, _queue.Reader.Count, reason);
                    await Task.Delay(wait, _time, abort);
                    wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, _tuning.RetryMax.Ticks));
                    continue;
                }

                Interlocked.Add(ref _written, batch.Count);
                batch.Clear();
                wait = _tuning.RetryInitial;
                _health.Recovered(_part);
                Progressed();
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            var lost = batch.Count + _queue.Reader.Count;
            if (lost > 0)
            {
                _logger.LogError("Station database: stopped with {Lost} {Part} rows not written ({Status})", lost, _part, _health.Status);
            }
        }
    }

    private async Task WriteAsync(List<T> batch, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await _table.InsertAsync(connection, transaction, _database.Dialect, batch, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private void Progressed()
    {
        TaskCompletionSource done;
        lock (_progressGate)
        {
            done = _progress;
            _progress = NewProgress();
        }

        done.SetResult();
    }

    private static TaskCompletionSource NewProgress() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
