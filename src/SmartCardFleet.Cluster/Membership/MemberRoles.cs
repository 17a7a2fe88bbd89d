using Akka.Cluster;
using SmartCardFleet.Cluster.Topology;

namespace SmartCardFleet.Cluster.Membership;

/// <summary>A member's Akka roles: its <see cref="NodeRole"/> ("station" or "console") and its station name as
/// "name:&lt;station&gt;", so every member's name is known from membership alone, before the directory has converged.</summary>
public static class MemberRoles
{
    public const string Station = "station";
    public const string Console = "console";
    public const string NamePrefix = "name:";

    public static IReadOnlyList<string> For(string stationName, NodeRole role) => [Of(role), NamePrefix + stationName];

    public static string Of(NodeRole role) => role == NodeRole.Console ? Console : Station;

    /// <summary>The member's station name, or null for a member that is not a fleet node: no "name:" role, or one that is
    /// not a valid station name (<see cref="StationNames"/>; another program's member, or a node built without the
    /// host's checks), which must never reach fleet-wide ids, URLs or metric labels.</summary>
    public static string? NameOf(Member member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return NameOf(member.Roles);
    }

    public static string? NameOf(IEnumerable<string> roles) =>
        roles.FirstOrDefault(r => r.StartsWith(NamePrefix, StringComparison.Ordinal)) is { } role
        && StationNames.IsValid(role[NamePrefix.Length..], out _)
            ? role[NamePrefix.Length..]
            : null;

    public static NodeRole RoleOf(IEnumerable<string> roles) => roles.Contains(Console) ? NodeRole.Console : NodeRole.Station;
}
