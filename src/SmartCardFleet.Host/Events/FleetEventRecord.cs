using System.Text.Json.Nodes;

namespace SmartCardFleet.Host.Events;

/// <summary>One entry of the event journal as clients see it (SSE data and the dashboard): a sequence number that is
/// also the SSE id, the event type name, the reader (null for station-wide events; "station.reader" when the node is
/// clustered), the type's own fields, and the station the event happened on.</summary>
public sealed record FleetEventRecord(long Id, string Type, string? ReaderId, DateTimeOffset Timestamp, JsonObject Data, string? Station = null);
