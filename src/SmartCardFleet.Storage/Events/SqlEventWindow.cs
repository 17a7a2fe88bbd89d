using System.Data.Common;
using SmartCardFleet.Storage.Database;
using SmartCardFleet.Storage.Writing;

namespace SmartCardFleet.Storage.Events;

/// <summary>One station's durable event window: events go through the batching writer, keyed by (station, id) because
/// event ids are per station and several stations may share a central database.</summary>
internal sealed class SqlEventWindow(StorageDatabase database, string owner, BatchingWriter<StoredEvent> writer) : IEventWindow
{
    /// <summary>The most events one read returns.</summary>
    public const int MaxRead = 10_000;

    private const string Columns = "id, type, station, reader_id, time_us, data";

    /// <summary>The table as the writer fills it: the owner is this station; a row written twice (a commit whose
    /// acknowledgement was lost, then retried) is kept once.</summary>
    public static RowTable<StoredEvent> Rows(string owner) => new("fleet_events",
        ["owner", "id", "type", "station", "reader_id", "time_us", "data"],
        e => [owner, e.Id, e.Type, e.Station, e.ReaderId, SqlDialect.ToStored(e.Timestamp), e.DataJson],
        " ON CONFLICT (owner, id) DO NOTHING");

    public bool Append(StoredEvent stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return writer.TryEnqueue(stored);
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadAfterAsync(long lastId, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var events = new List<StoredEvent>();
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = DbCommands.Create(connection, null,
                $"SELECT {Columns} FROM fleet_events WHERE owner = @owner AND id > @after ORDER BY id LIMIT @max");
            DbCommands.Add(command, "@owner", owner);
            DbCommands.Add(command, "@after", lastId);
            DbCommands.Add(command, "@max", Math.Min(max, MaxRead));
            await using var rows = await command.ExecuteReaderAsync(cancellationToken);
            while (await rows.ReadAsync(cancellationToken))
            {
                events.Add(new StoredEvent(rows.GetInt64(0), rows.GetString(1), rows.IsDBNull(2) ? null : rows.GetString(2),
                    rows.IsDBNull(3) ? null : rows.GetString(3), SqlDialect.FromStored(rows.GetInt64(4)), rows.GetString(5)));
            }
        }
        catch (DbException failure)
        {
            throw new StorageUnavailableException(database.Describe.Of(failure), failure);
        }

        return events;
    }

    public async Task<long> LastIdAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = DbCommands.Create(connection, null, "SELECT MAX(id) FROM fleet_events WHERE owner = @owner");
            DbCommands.Add(command, "@owner", owner);
            return await command.ExecuteScalarAsync(cancellationToken) is { } value and not DBNull
                ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)
                : 0;
        }
        catch (DbException failure)
        {
            throw new StorageUnavailableException(database.Describe.Of(failure), failure);
        }
    }
}
