using System.Collections.Concurrent;
using SmartCardFleet.Host.Events;

namespace SmartCardFleet.Benchmarks.Soak;

/// <summary>Counts the station's fleet events by type (PluginReloaded, ServiceLost, CardIdentified …) as a subscriber
/// of its event journal, the source of /api/events. A subscriber that falls behind is dropped by the journal; this
/// one subscribes again after the last id it saw, so the counts stay complete while the ring still holds them.</summary>
internal sealed class JournalCounter : IAsyncDisposable
{
    private readonly FleetEventJournal _journal;
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;
    private long _lastId;
    private long _resubscriptions;

    public JournalCounter(FleetEventJournal journal)
    {
        _journal = journal;
        _lastId = journal.LastId;
        _reading = Task.Run(ReadAsync);
    }

    public long this[string type] => _counts.GetValueOrDefault(type);

    public long Resubscriptions => Interlocked.Read(ref _resubscriptions);

    public IReadOnlyList<KeyValuePair<string, long>> Counts => [.. _counts.OrderBy(c => c.Key, StringComparer.Ordinal)];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reading;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task ReadAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            using var subscription = _journal.Subscribe(_lastId);
            foreach (var record in subscription.Backlog)
            {
                Count(record);
            }

            try
            {
                await foreach (var record in subscription.Live.ReadAllAsync(_stop.Token))
                {
                    Count(record);
                }

                return; // the journal ended the stream: the station stops
            }
            catch (SlowSubscriberException)
            {
                Interlocked.Increment(ref _resubscriptions);
            }
        }
    }

    private void Count(FleetEventRecord record)
    {
        if (record.Id <= _lastId)
        {
            return;
        }

        _lastId = record.Id;
        _counts.AddOrUpdate(record.Type, 1, (_, n) => n + 1);
    }
}
