using System.Threading.Channels;
using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using SmartCardFleet.Cluster.Topology;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Api.Fleet;

/// <summary>
/// A simulated station of <see cref="Readers"/> readers named <see cref="Self"/> in a hand-written fleet
/// (<see cref="FakeFleetTopology"/>): "mirror" is reachable and its remote actors are this station's own reader manager
/// and plugin host, so the remote branch (linked to Lost, card types from plugin status) runs against real readers;
/// "gone" is unreachable with two directory readers; "silent" and "doomed" are reachable but their actors never answer
/// (each message they get is reported on <see cref="Swallowed"/>), and cancelling <see cref="DoomedLost"/> loses "doomed".
/// </summary>
public sealed class ClusteredStation : IAsyncLifetime
{
    public const string Self = "self-station";
    public const int Readers = 4;

    public CancellationTokenSource DoomedLost { get; } = new();

    /// <summary>(station, message) for every message "silent" or "doomed" received.</summary>
    public Channel<(string Station, object Message)> Swallowed { get; } = Channel.CreateUnbounded<(string, object)>();

    public StationUnderTest Station { get; private set; } = null!;

    // The shipped plugins identify the cards, so card types can be compared between the local and the remote branch.
    public async Task InitializeAsync() => Station = await StationUnderTest.StartAsync(Readers,
        overrides: new Dictionary<string, string?> { ["Station:Plugins:Directory"] = RepositoryPaths.ShippedPlugins }, services: services =>
        services.AddSingleton<IFleetTopology>(sp =>
        {
            var system = new Lazy<ActorSystem>(sp.GetRequiredService<ActorSystem>);
            var silent = new Lazy<IActorRef>(() => system.Value.ActorOf(Props.Create(() => new SwallowingActor("silent", Swallowed.Writer))));
            var doomed = new Lazy<IActorRef>(() => system.Value.ActorOf(Props.Create(() => new SwallowingActor("doomed", Swallowed.Writer))));
            return new FakeFleetTopology(Self)
                .AddReachable("mirror", FakeFleetTopology.ActorsOf(sp), CancellationToken.None,
                    [.. Enumerable.Range(0, Readers).Select(StationUnderTest.ReaderId)])
                .AddUnreachable("gone", "gone-reader-0", "gone-reader-1")
                .AddReachable("silent", () => (silent.Value, silent.Value), CancellationToken.None)
                .AddReachable("doomed", () => (doomed.Value, doomed.Value), DoomedLost.Token);
        }));

    public async Task DisposeAsync()
    {
        await Station.DisposeAsync();
        DoomedLost.Dispose();
    }

    /// <summary>Takes every message and answers none, like a station that has stopped answering.</summary>
    private sealed class SwallowingActor : ReceiveActor
    {
        public SwallowingActor(string station, ChannelWriter<(string, object)> swallowed) =>
            ReceiveAny(message => swallowed.TryWrite((station, message)));
    }
}
