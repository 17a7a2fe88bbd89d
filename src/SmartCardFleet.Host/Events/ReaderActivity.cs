using System.Text.Json.Nodes;
using SmartCardFleet.Cluster.Topology;
using SmartCardFleet.Core.Fleet;

namespace SmartCardFleet.Host.Events;

/// <summary>Puts what clients did through this node's API (attach, transmit, operations...) and how it ended into its
/// event journal as "ReaderActivity", so the dashboard shows each reader's last operation and error. Only for readers
/// that exist: this station's (<see cref="KnownReaders"/>) or another station's as the fleet directory lists them. A
/// failure for an id a client made up is answered, never journaled.</summary>
public sealed class ReaderActivity(FleetEventJournal journal, KnownReaders readers, IFleetTopology topology, TimeProvider time)
{
    public void Record(string station, ReaderId reader, string action, bool succeeded, string? detail = null, string? plugin = null)
    {
        if (!Exists(station, reader))
        {
            return;
        }

        journal.Append("ReaderActivity", topology.Clustered ? new FleetReaderId(station, reader).ToString() : reader.Value, time.GetUtcNow(),
            new JsonObject
            {
                ["action"] = action,
                ["outcome"] = succeeded ? "ok" : "failed",
                ["detail"] = detail,
                ["plugin"] = plugin,
            },
            station);
    }

    private bool Exists(string station, ReaderId reader) =>
        string.Equals(station, topology.SelfName, StringComparison.Ordinal)
            ? readers.Contains(reader.Value)
            : topology.Current.Find(station) is { } view && view.Readers.Any(r => r.Id == reader);
}
