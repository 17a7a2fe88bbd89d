using Microsoft.AspNetCore.Http.HttpResults;
using SmartCardFleet.Cluster.Topology;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Host.Api;

/// <summary>
/// GET /api/readers. A standalone station lists its own readers as it always did. A clustered node lists its own (a
/// station's, asked as before) and every other station's: a reachable one is asked once for its readers and once for
/// its plugin status (the card type of each reader comes from the plugins' <c>Cards</c>, not one question per reader),
/// all stations in parallel, each bounded by <see cref="StationTimeout"/>; a station that does not answer in time gets
/// one entry in <c>unavailable</c> naming it. An unreachable station's readers come from the fleet directory with state
/// Unreachable. Order: this node's readers first, then the other stations by name, each in its own reader order.
/// </summary>
public sealed class FleetReaderList(ReaderGateway gateway, IPluginGateway plugins, FleetTargets targets, IFleetTopology topology)
{
    /// <summary>How long one other station may take to list its readers (2,500 readers answer well within it).</summary>
    public static readonly TimeSpan StationTimeout = TimeSpan.FromSeconds(5);

    public async Task<Results<Ok<ReaderListDto>, ProblemHttpResult>> ListAsync(ReaderListFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var self = new StationTarget(targets.SelfName, StationRoute.Local.Instance);
        if (!topology.Clustered)
        {
            if (!filter.IncludesStation(self.Name))
            {
                return TypedResults.Ok(new ReaderListDto([], []));
            }

            var local = await gateway.AskManagerAsync(self, ListReaders.Instance, cancellationToken);
            return local.IsSuccess
                ? TypedResults.Ok(Filtered(filter, [await LocalAsync(self, local.Value, cancellationToken)]))
                : Problems.From(local.Failure);
        }

        var stations = topology.Current.Stations
            .Where(s => filter.IncludesStation(s.Name) && s.Role == NodeRole.Station && (!s.IsSelf || targets.HasLocalActors))
            .OrderBy(s => s.IsSelf ? 0 : 1).ThenBy(s => s.Name, StringComparer.Ordinal);
        var parts = await Task.WhenAll(stations.Select(s => StationAsync(s, cancellationToken)));
        return TypedResults.Ok(Filtered(filter, parts));
    }

    /// <summary>The reader's snapshot with the plugin that holds its card (asked only when a card is attached).</summary>
    internal static async Task<ReaderDto> WithCardTypeAsync(ReaderSnapshot snapshot, ReaderTarget target, IPluginGateway plugins,
        CancellationToken cancellationToken)
    {
        var dto = snapshot.ToDto() with { Id = target.Id, Station = target.Station.Name };
        if (snapshot.Session is null)
        {
            return dto;
        }

        var held = await plugins.IdentificationAsync(target, cancellationToken);
        return dto with { Plugin = held?.PluginId, PluginVersion = held?.PluginVersion, CardType = held?.CardType };
    }

    private async Task<StationReaders> StationAsync(StationView station, CancellationToken cancellationToken)
    {
        switch (topology.Route(station.Name))
        {
            case StationRoute.Local when targets.HasLocalActors:
                var target = new StationTarget(station.Name, StationRoute.Local.Instance);
                var local = await gateway.AskManagerAsync(target, ListReaders.Instance, cancellationToken);
                return local.IsSuccess ? await LocalAsync(target, local.Value, cancellationToken) : NotListed(station.Name, local.Failure);
            case StationRoute.Remote remote:
                return await RemoteAsync(new StationTarget(station.Name, remote), cancellationToken);
            case StationRoute.Unreachable unreachable:
                return FromDirectory(unreachable.Station);
            default:
                return StationReaders.Empty;
        }
    }

    /// <summary>This station's readers, as a standalone station has always listed them.</summary>
    private async Task<StationReaders> LocalAsync(StationTarget station, ReaderList list, CancellationToken cancellationToken)
    {
        var readers = await Task.WhenAll(list.Readers.Select(r =>
            WithCardTypeAsync(r, new ReaderTarget(station, r.ReaderId, targets.DisplayId(station.Name, r.ReaderId)), plugins, cancellationToken)));
        return new StationReaders(readers, Unavailable(station.Name, list));
    }

    private async Task<StationReaders> RemoteAsync(StationTarget station, CancellationToken cancellationToken)
    {
        var listing = gateway.AskManagerAsync(station, ListReaders.Instance, StationTimeout, cancellationToken);
        var status = plugins.StatusAsync(station, cancellationToken, StationTimeout);
        var list = await listing;
        if (!list.IsSuccess)
        {
            return NotListed(station.Name, list.Failure);
        }

        var holders = Holders((await status).Value);
        var readers = new List<ReaderDto>(list.Value.Readers.Count);
        foreach (var snapshot in list.Value.Readers)
        {
            var dto = snapshot.ToDto() with { Id = targets.DisplayId(station.Name, snapshot.ReaderId), Station = station.Name };
            readers.Add(snapshot.Session is not null && holders.TryGetValue(snapshot.ReaderId, out var plugin)
                ? dto with { Plugin = plugin.Id, PluginVersion = plugin.Version, CardType = plugin.CardType }
                : dto);
        }

        return new StationReaders(readers, Unavailable(station.Name, list.Value));
    }

    /// <summary>Which plugin holds the card of each reader, from the station's plugin status (none when it did not answer).</summary>
    private static Dictionary<ReaderId, PluginInfo> Holders(PluginCatalogStatus? status)
    {
        var holders = new Dictionary<ReaderId, PluginInfo>();
        foreach (var plugin in status?.Plugins ?? [])
        {
            foreach (var card in plugin.Cards)
            {
                holders[card] = plugin;
            }
        }

        return holders;
    }

    /// <summary>A station the failure detector has lost: its readers as its directory entry last said, state Unreachable.</summary>
    private StationReaders FromDirectory(StationView station) => new(
        [.. station.Readers.Select(r => new ReaderDto(targets.DisplayId(station.Name, r.Id), r.Name, ReaderListFilter.Unreachable,
            null, null, null, null, 0, null, false, null) { Station = station.Name })],
        []);

    private List<ReaderErrorDto> Unavailable(string station, ReaderList list) =>
        [.. list.Unavailable.Select(f => f.ToDto() with
        {
            ReaderId = f.ReaderId is { } id ? targets.DisplayId(station, id) : null,
            Station = station,
        })];

    private static StationReaders NotListed(string station, ReaderFailure failure) =>
        new([], [new ReaderErrorDto(null, failure.Reason.ToString(), $"station {station} is not listed: {failure.Message}", null) { Station = station }]);

    private static ReaderListDto Filtered(ReaderListFilter filter, IReadOnlyList<StationReaders> parts) => new(
        [.. parts.SelectMany(p => p.Readers).Where(filter.Includes)],
        [.. parts.SelectMany(p => p.Unavailable)]);

    private sealed record StationReaders(IReadOnlyList<ReaderDto> Readers, IReadOnlyList<ReaderErrorDto> Unavailable)
    {
        public static readonly StationReaders Empty = new([], []);
    }
}
