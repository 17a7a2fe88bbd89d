using SmartCardFleet.Cluster.Membership;
using SmartCardFleet.Cluster.Topology;

namespace SmartCardFleet.Cluster.Tests.Membership;

/// <summary>A member's name comes from its roles, and only a valid station name counts: whatever another member puts in
/// its "name:" role must not reach fleet-wide ids, URLs or metric labels.</summary>
public sealed class MemberRolesSpecs
{
    [Fact]
    public void A_fleet_node_is_known_by_its_name_role_and_its_role()
    {
        var roles = MemberRoles.For("kiosk-1", NodeRole.Console);

        Assert.Equal("kiosk-1", MemberRoles.NameOf(roles));
        Assert.Equal(NodeRole.Console, MemberRoles.RoleOf(roles));
    }

    [Theory]
    [InlineData("name:kiosk.1")]
    [InlineData("name:Kiosk-1")]
    [InlineData("name:")]
    [InlineData("name:a-name-that-is-much-longer-than-forty-characters")]
    [InlineData("station")]
    public void A_member_without_a_valid_station_name_has_no_name(string role) =>
        Assert.Null(MemberRoles.NameOf([MemberRoles.Station, role]));
}
