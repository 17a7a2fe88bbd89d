using SmartCardFleet.Abstractions.Plugins;

namespace Contoso.Badge;

/// <summary>
/// The plugin's operations, each declared once: the manifest lists them and the session registers its handlers with
/// the same descriptors, so the names cannot drift apart (the station refuses a plugin whose lists differ).
/// </summary>
internal static class BadgeOperations
{
    public static readonly OperationDescriptor ReadBadge = new("read-badge", "Reads the badge number (GET DATA 80 CA 00 01).")
    {
        Result = new Dictionary<string, OperationField>
        {
            ["badgeNumber"] = new(FieldType.Integer, "The badge number, 0 to 2147483647."),
        },
    };

    public static IReadOnlyList<OperationDescriptor> All { get; } = [ReadBadge];
}
