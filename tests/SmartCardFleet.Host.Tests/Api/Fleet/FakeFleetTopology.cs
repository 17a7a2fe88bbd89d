using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SmartCardFleet.Cluster.Topology;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins;

namespace SmartCardFleet.Host.Tests.Api.Fleet;

/// <summary>
/// A hand-written fleet for the API: a clustered node <see cref="SelfName"/> (a station, or a console) and the other
/// stations a test adds: reachable ones whose "remote" actors are whatever refs the test gives (a station's own, so the
/// remote path runs against real readers in one process), unreachable ones with directory readers, and names it
/// never heard of (Unknown). Real two-node routing is covered by the cluster's multi-node and process tests.
/// </summary>
internal sealed class FakeFleetTopology(string selfName, NodeRole selfRole = NodeRole.Station) : IFleetTopology
{
    private static readonly DateTimeOffset Seen = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private readonly Dictionary<string, (StationView View, Func<StationRoute> Route)> _others = new(StringComparer.Ordinal);

    public bool Clustered => true;

    public string SelfName { get; } = selfName;

    public NodeRole SelfRole { get; } = selfRole;

    public FleetView Current => new(SelfName,
        [View(SelfName, StationStatus.Up, [], SelfRole) with { IsSelf = true }, .. _others.Values.Select(o => o.View)]);

    /// <summary>A reachable station whose reader manager and plugin host are <paramref name="actors"/>() (asked when
    /// routed, so they may be a station's actors that start later); cancelling <paramref name="lost"/> loses it.</summary>
    public FakeFleetTopology AddReachable(string name, Func<(IActorRef Readers, IActorRef Plugins)> actors, CancellationToken lost,
        params string[] directoryReaders)
    {
        var view = View(name, StationStatus.Up, directoryReaders);
        _others[name] = (view, () =>
        {
            var (readers, plugins) = actors();
            return new StationRoute.Remote(view, readers, plugins, lost);
        });
        return this;
    }

    public FakeFleetTopology AddUnreachable(string name, params string[] directoryReaders)
    {
        var view = View(name, StationStatus.Unreachable, directoryReaders);
        _others[name] = (view, () => new StationRoute.Unreachable(view));
        return this;
    }

    /// <summary>A simulated station's own reader manager and plugin host, to stand for another station's actors.</summary>
    public static Func<(IActorRef Readers, IActorRef Plugins)> ActorsOf(IServiceProvider services)
    {
        var registry = services.GetRequiredService<ActorRegistry>();
        return () => (registry.Get<ReaderManager>(), registry.Get<PluginHost>());
    }

    public StationRoute Route(string station) =>
        station == SelfName && SelfRole == NodeRole.Station ? StationRoute.Local.Instance
        : _others.TryGetValue(station, out var other) ? other.Route()
        : new StationRoute.Unknown(station);

    private static StationView View(string name, StationStatus status, IEnumerable<string> readers, NodeRole role = NodeRole.Station) =>
        new(name, $"akka.tcp://fleet@{name}.invalid", role, status, false, "1.0.0", Seen,
            [.. readers.Select(r => new DirectoryReader(new ReaderId(r), $"Reader {r}"))]);
}
