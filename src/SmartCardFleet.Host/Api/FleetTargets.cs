using Microsoft.AspNetCore.Http.HttpResults;
using SmartCardFleet.Abstractions.Text;
using SmartCardFleet.Cluster.Topology;
using SmartCardFleet.Core.Fleet;

namespace SmartCardFleet.Host.Api;

/// <summary>A station a request can go to now: this node (<see cref="StationRoute.Local"/>) or another reachable station
/// (<see cref="StationRoute.Remote"/>). Unreachable and unknown stations never become a target: they are answered
/// (503, 404) before anything is asked.</summary>
public sealed record StationTarget(string Name, StationRoute Route)
{
    public StationRoute.Remote? Remote => Route as StationRoute.Remote;

    /// <summary>True once a remote station became unreachable or left: what is in flight to it answers StationUnreachable.</summary>
    public bool IsLost => Remote is { Lost.IsCancellationRequested: true };
}

/// <summary>One reader on a target station. <see cref="Id"/> is how clients see it: "station.reader" when the node is
/// clustered, the bare reader id on a standalone station (as before the fleet existed).</summary>
public sealed record ReaderTarget(StationTarget Station, ReaderId Reader, string Id)
{
    /// <summary>The id this node's logs and metrics use: the bare id of its own reader (as <c>KnownReaders</c> has it), the
    /// fleet-wide id of another station's, which is never a known reader and so never becomes a metric label.</summary>
    public string LocalId => Station.Remote is null ? Reader.Value : Id;
}

/// <summary>
/// Resolves what a request names (a reader id in the path, a station in the query) through <see cref="IFleetTopology"/>
/// into a <see cref="StationTarget"/>, or into the problem to answer: a bare reader id is this station's reader (on a
/// console: the one station whose directory entry has it), an unreachable station is 503 StationUnreachable at once,
/// a station the fleet does not know is 404.
/// </summary>
public sealed class FleetTargets(IFleetTopology topology)
{
    public bool Clustered => topology.Clustered;

    public string SelfName => topology.SelfName;

    /// <summary>False on a console: it has no reader manager or plugin host of its own.</summary>
    public bool HasLocalActors => topology.SelfRole == NodeRole.Station;

    /// <summary>How clients see <paramref name="reader"/> of <paramref name="station"/>.</summary>
    public string DisplayId(string station, ReaderId reader) =>
        topology.Clustered ? new FleetReaderId(station, reader).ToString() : reader.Value;

    public bool TryReader(string text, out ReaderTarget target, out ProblemHttpResult? problem)
    {
        target = null!;
        if (!FleetReaderId.TryParse(text, out var id, out var parseProblem))
        {
            problem = Problems.NotFound($"no reader '{Bounded.Echo(text)}': reader ids are lower-case letters, digits and single dashes, " +
                $"as station.reader when they name another station's reader; {parseProblem} (see GET /api/readers)");
            return false;
        }

        problem = null;
        var stationName = id.Station ?? (HasLocalActors ? topology.SelfName : OwnerOf(id.Reader, out problem));
        if (stationName is null)
        {
            return false;
        }

        if (!TryStation(stationName, out var station, out problem, id.ToString()))
        {
            return false;
        }

        target = new ReaderTarget(station, id.Reader, DisplayId(station.Name, id.Reader));
        return true;
    }

    /// <summary>The station a plugin command names with ?station=: this station when absent, except on a console,
    /// which has no plugins of its own and so needs it.</summary>
    public bool TryStationParameter(string? name, out StationTarget target, out ProblemHttpResult? problem)
    {
        target = null!;
        if (string.IsNullOrEmpty(name))
        {
            if (HasLocalActors)
            {
                target = new StationTarget(topology.SelfName, StationRoute.Local.Instance);
                problem = null;
                return true;
            }

            problem = Problems.BadRequest($"this node ({topology.SelfName}) is a console and has no plugins: name the station " +
                "with ?station=<name> (see GET /api/stations)", "station");
            return false;
        }

        if (!StationNames.IsValid(name, out var invalid))
        {
            problem = Problems.BadRequest($"station \"{Bounded.Echo(name)}\" {invalid}", "station");
            return false;
        }

        return TryStation(name, out target, out problem, readerId: null);
    }

    /// <summary>Where <paramref name="name"/>'s readers are reached now; <paramref name="readerId"/> (the id as the client
    /// wrote it) is named in the problem when a reader was asked for.</summary>
    public bool TryStation(string name, out StationTarget target, out ProblemHttpResult? problem, string? readerId = null)
    {
        target = null!;
        problem = null;
        switch (topology.Route(name))
        {
            // A console's own name has no readers: never wait for a local manager it does not have.
            case StationRoute.Local local when HasLocalActors:
                target = new StationTarget(name, local);
                return true;
            case StationRoute.Remote remote:
                target = new StationTarget(name, remote);
                return true;
            case StationRoute.Unreachable unreachable:
                problem = Problems.StationUnreachable(name, readerId,
                    $"station {name} is unreachable (not heard from since {unreachable.Station.LastSeen:O}); " +
                    "its readers answer again when it is back");
                return false;
            default:
                problem = Problems.UnknownStation(name, readerId, topology.SelfName);
                return false;
        }
    }

    /// <summary>A console resolves a bare reader id only when exactly one station's directory entry has that reader.</summary>
    private string? OwnerOf(ReaderId reader, out ProblemHttpResult? problem)
    {
        var owners = topology.Current.Stations.Where(s => !s.IsSelf && s.Readers.Any(r => r.Id == reader)).Select(s => s.Name).ToList();
        if (owners.Count == 1)
        {
            problem = null;
            return owners[0];
        }

        problem = Problems.NotFound(owners.Count == 0
            ? $"no station of the fleet has a reader '{reader.Value}'; on a console, name readers as station.reader (see GET /api/readers)"
            : $"reader '{reader.Value}' exists on {owners.Count} stations ({string.Join(", ", owners.Take(5))}); " +
              "name it as station.reader (see GET /api/readers)");
        return null;
    }
}
