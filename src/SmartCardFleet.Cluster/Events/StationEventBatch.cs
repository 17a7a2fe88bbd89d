using SmartCardFleet.Cluster.Serialization;
using SmartCardFleet.Core.Events;

namespace SmartCardFleet.Cluster.Events;

/// <summary>Fleet events of another station, in the order that station published them. The cluster's event relay
/// publishes each batch it receives on this node's EventStream, so a host subscribes to this type beside
/// <see cref="IFleetEvent"/> (its own station's events) to see the whole fleet. A node never receives its own batches.</summary>
public sealed record StationEventBatch(string Station, IReadOnlyList<IFleetEvent> Events) : IClusterWireMessage;
