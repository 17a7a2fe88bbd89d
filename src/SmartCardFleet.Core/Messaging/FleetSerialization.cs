using Akka.Configuration;

namespace SmartCardFleet.Core.Messaging;

/// <summary>Binds the station's serializers: <see cref="IFleetWireMessage"/> to <see cref="FleetJsonSerializer"/>,
/// <see cref="ILocalOnlyMessage"/> to <see cref="LocalOnlySerializer"/>. Add it to every ActorSystem that hosts station
/// actors (the Akka.Hosting extension does).</summary>
public static class FleetSerialization
{
    public static Config Config { get; } = ConfigurationFactory.ParseString($$"""
        akka.actor {
          serializers {
            smartcardfleet-json = "{{Qualified<FleetJsonSerializer>()}}"
            smartcardfleet-local-only = "{{Qualified<LocalOnlySerializer>()}}"
          }
          serialization-bindings {
            "{{Qualified<IFleetWireMessage>()}}" = smartcardfleet-json
            "{{Qualified<ILocalOnlyMessage>()}}" = smartcardfleet-local-only
          }
        }
        """);

    private static string Qualified<T>() => $"{typeof(T).FullName}, {typeof(T).Assembly.GetName().Name}";
}
