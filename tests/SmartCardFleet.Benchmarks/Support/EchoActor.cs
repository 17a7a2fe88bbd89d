using Akka.Actor;

namespace SmartCardFleet.Benchmarks.Support;

/// <summary>Answers every message with itself: Ask to it on the readers' dispatcher is the messaging floor of the
/// actor path (thread hand-offs and the Ask machinery, no routing, no PC/SC).</summary>
public sealed class EchoActor : ReceiveActor
{
    public EchoActor() => ReceiveAny(message => Sender.Tell(message));
}
