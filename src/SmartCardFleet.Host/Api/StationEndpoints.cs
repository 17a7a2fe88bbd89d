using SmartCardFleet.Cluster.Topology;
using SmartCardFleet.Host.Events;
using SmartCardFleet.Host.Security;

namespace SmartCardFleet.Host.Api;

/// <summary>GET /api/stations: the fleet as this node sees it now (a standalone station: itself, address "local").</summary>
public static class StationEndpoints
{
    public static RouteGroupBuilder MapStationEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/stations", (IFleetTopology topology, KnownReaders readers) => TypedResults.Ok(List(topology.Current, readers)))
            .WithTags("Stations")
            .WithSummary("Every member of the fleet: name, address, roles (station or console), status (Joining, Up, Unreachable, " +
                "Leaving, Down), readers (its directory entry's count; this station's own count for itself), version, lastSeen, self")
            .RequireRole(FleetRole.Viewer);
        return api;
    }

    internal static StationListDto List(FleetView view, KnownReaders readers) =>
        new([.. view.Stations.Select(s => new StationDto(s.Name, s.Address, [Role(s.Role)], s.Status.ToString(),
            s.IsSelf && s.Role == NodeRole.Station ? readers.Count : s.Readers.Count, s.Version, s.LastSeen, s.IsSelf))]);

    private static string Role(NodeRole role) => role == NodeRole.Console ? "console" : "station";
}
