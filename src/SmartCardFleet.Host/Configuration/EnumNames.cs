using System.Globalization;

namespace SmartCardFleet.Host.Configuration;

/// <summary>
/// Enum values from text by name only. Enum.Parse — behind Enum.TryParse and the configuration binder — also takes
/// numbers ("3", "+3") and ORs a comma list together even for enums that are not flags, so "Shared,Exclusive" became
/// Direct and "Reset,Unpower" became Eject. Here a non-flags enum takes exactly one known name (case-insensitive); a
/// flags enum takes a list of known names separated by the given separators.
/// </summary>
public static class EnumNames
{
    /// <summary>The list separator everywhere; the HTTP API also takes '|' (see RequestParsing).</summary>
    public const char ListSeparator = ',';

    public static bool TryParse(Type enumType, string text, ReadOnlySpan<char> separators, out object value)
    {
        ArgumentNullException.ThrowIfNull(enumType);
        ArgumentNullException.ThrowIfNull(text);
        value = Enum.ToObject(enumType, 0);
        var names = Enum.GetNames(enumType);
        string[] parts = IsFlags(enumType) ? text.Split(separators.ToArray(), StringSplitOptions.TrimEntries) : [text.Trim()];
        long combined = 0;
        foreach (var part in parts)
        {
            if (names.FirstOrDefault(n => n.Equals(part, StringComparison.OrdinalIgnoreCase)) is not { } name)
            {
                return false;
            }

            combined |= Convert.ToInt64(Enum.Parse(enumType, name), CultureInfo.InvariantCulture);
        }

        value = Enum.ToObject(enumType, combined);
        return true;
    }

    /// <summary>"one of A, B, C" or, for flags, "a list of A, B, C separated by ','".</summary>
    public static string Expected(Type enumType, string separators = ",")
    {
        ArgumentNullException.ThrowIfNull(enumType);
        var names = string.Join(", ", Enum.GetNames(enumType));
        return IsFlags(enumType)
            ? $"a list of {names} separated by {string.Join(" or ", separators.Select(c => $"'{c}'"))}"
            : $"one of {names}";
    }

    public static bool IsFlags(Type enumType) => enumType.IsDefined(typeof(FlagsAttribute), inherit: false);
}
