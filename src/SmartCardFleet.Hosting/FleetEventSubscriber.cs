using Akka.Actor;

namespace SmartCardFleet.Hosting;

/// <summary>An actor that <see cref="SmartCardFleetHostingExtensions.WithSmartCardFleet(Akka.Hosting.AkkaConfigurationBuilder, SmartCardFleetOptions)"/>
/// starts as <paramref name="Name"/> and subscribes to every <see cref="Core.Events.IFleetEvent"/> before the reader
/// manager starts, so it sees the ReaderAdded of the readers already plugged in at start. <paramref name="AlsoSubscribedTo"/>:
/// more event types it is subscribed to at the same moment (e.g. another station's event batches in a cluster).</summary>
public sealed record FleetEventSubscriber(string Name, Props Props, IReadOnlyList<Type>? AlsoSubscribedTo = null);
