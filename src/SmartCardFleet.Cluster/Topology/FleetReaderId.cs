using SmartCardFleet.Core.Fleet;

namespace SmartCardFleet.Cluster.Topology;

/// <summary>
/// A reader's id across the fleet: "station.reader" (e.g. "kiosk-1.virtual-pcd-0-00"). Neither part can contain a dot
/// (<see cref="StationNames"/>, <see cref="ReaderId"/>), so the text splits one way only. A bare reader id (no station)
/// is what a standalone station uses, and on a clustered station it still means that station's own reader.
/// </summary>
public readonly record struct FleetReaderId(string? Station, ReaderId Reader)
{
    public const char Separator = '.';

    /// <summary>Parses "station.reader" or a bare "reader"; false, with the reason, for anything else.</summary>
    public static bool TryParse(string? text, out FleetReaderId id, out string? problem)
    {
        id = default;
        problem = null;
        if (string.IsNullOrEmpty(text))
        {
            problem = "the reader id is empty";
            return false;
        }

        var dot = text.IndexOf(Separator, StringComparison.Ordinal);
        string? station = dot < 0 ? null : text[..dot];
        var reader = dot < 0 ? text : text[(dot + 1)..];
        if (station is not null && !StationNames.IsValid(station, out var stationProblem))
        {
            problem = $"the station part of the reader id {stationProblem}";
            return false;
        }

        try
        {
            id = new FleetReaderId(station, new ReaderId(reader));
            return true;
        }
        catch (ArgumentException)
        {
            problem = "the reader part of the id may contain only lower-case letters, digits and single dashes";
            return false;
        }
    }

    public override string ToString() => Station is null ? Reader.Value : $"{Station}{Separator}{Reader.Value}";
}
