using SmartCardFleet.Cluster.Topology;

namespace SmartCardFleet.Host.Configuration;

/// <summary>The station's name in the fleet: Station:Name when set, else the host name made valid; a console's default
/// ends in "-console" so a console and a station on one machine never share a name.</summary>
public static class StationIdentity
{
    public const string NameKey = $"{StationOptions.SectionName}:{nameof(StationOptions.Name)}";

    private const string ConsoleSuffix = "-console";

    public static string Resolve(string? configured, NodeRole role, string hostName)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        var name = StationNames.FromHostName(hostName);
        if (role != NodeRole.Console)
        {
            return name;
        }

        var room = StationNames.MaxLength - ConsoleSuffix.Length;
        return (name.Length > room ? name[..room].TrimEnd('-') : name) + ConsoleSuffix;
    }

    /// <summary>Null when the configured name is valid or not set (empty = not set: the default applies).</summary>
    public static string? Problem(string? configured) =>
        string.IsNullOrEmpty(configured) || StationNames.IsValid(configured, out var problem) ? null
            : $"{NameKey} \"{Abstractions.Text.Bounded.Echo(configured)}\" {problem} (e.g. \"kiosk-1\").";
}
