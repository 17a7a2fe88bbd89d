using Akka.Cluster;
using SmartCardFleet.Cluster.Directory;
using SmartCardFleet.Cluster.Topology;

namespace SmartCardFleet.Cluster.View;

/// <summary>
/// Membership + directory → <see cref="FleetView"/>, as a pure function. Membership decides who is in the fleet; the
/// directory only adds readers and version, and only from an entry written by the same incarnation (same uid), so an
/// entry left behind by a killed or removed node never shows, and a restarted station shows no readers of its
/// previous life. When two members carry one name (a refused duplicate before it leaves, or a killed incarnation beside
/// its successor) the view keeps one: this node itself, else the one whose entry is in the directory, else a
/// reachable one.
/// </summary>
public static class FleetViewBuilder
{
    public static BuiltView Build(string selfName, IEnumerable<FleetMember> members,
        IReadOnlyDictionary<string, DirectoryEntry> directory, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(directory);
        var chosen = members
            .GroupBy(m => m.Name, StringComparer.Ordinal)
            .Select(group => group
                .OrderByDescending(m => m.IsSelf)
                .ThenByDescending(m => EntryOf(m, directory) is not null)
                .ThenByDescending(m => m.Reachable)
                .First())
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .ToList();
        var stations = chosen.Select(m => ToStation(m, EntryOf(m, directory), now)).ToList();
        return new BuiltView(new FleetView(selfName, stations), chosen.ToDictionary(m => m.Name, StringComparer.Ordinal));
    }

    public static StationStatus StatusOf(MemberStatus status, bool reachable) => status switch
    {
        MemberStatus.Down or MemberStatus.Removed => StationStatus.Down,
        _ when !reachable => StationStatus.Unreachable,
        MemberStatus.Up => StationStatus.Up,
        MemberStatus.Joining or MemberStatus.WeaklyUp => StationStatus.Joining,
        _ => StationStatus.Leaving,
    };

    private static DirectoryEntry? EntryOf(FleetMember member, IReadOnlyDictionary<string, DirectoryEntry> directory) =>
        directory.TryGetValue(member.Name, out var entry) && entry.Uid == member.Uid ? entry : null;

    private static StationView ToStation(FleetMember member, DirectoryEntry? entry, DateTimeOffset now) => new(
        member.Name,
        member.Address,
        member.Role,
        StatusOf(member.Status, member.Reachable),
        member.IsSelf,
        entry?.Version,
        member.Reachable ? now : member.UnreachableSince ?? now,
        member.Role == NodeRole.Station && entry is not null ? entry.Readers : []);
}

/// <summary>The view and, per station name, the member it was built from (for routing).</summary>
public sealed record BuiltView(FleetView View, IReadOnlyDictionary<string, FleetMember> Members);
