namespace SmartCardFleet.Abstractions;

/// <summary>The version of this SDK, for plugins to record what they were built against.</summary>
/// <remarks>
/// <see cref="Version"/> is a constant, so the C# compiler copies it into the plugin assembly: a plugin that writes
/// <c>SdkVersion = SdkInfo.Version</c> in its manifest keeps the version it was compiled with, even when the host
/// loads a newer SDK. The host accepts a plugin when the major versions are equal and the plugin's minor version is
/// not newer than the host's (<see cref="IsCompatible"/>).
/// </remarks>
public static class SdkInfo
{
    /// <summary>This SDK's version, <c>major.minor.patch</c>.</summary>
    public const string Version = "1.3.0";

    /// <summary>This SDK's major version; plugins built for another major version are refused.</summary>
    public const int MajorVersion = 1;

    /// <summary>This SDK's version as a <see cref="System.Version"/>.</summary>
    public static Version Current { get; } = System.Version.Parse(Version);

    /// <summary>
    /// Whether a plugin built against <paramref name="builtFor"/> can run on this SDK: same major version and a
    /// minor version no newer than this SDK's (a newer minor may use API this SDK lacks).
    /// </summary>
    /// <param name="builtFor">The SDK version from the plugin's manifest, for example "1.0.0".</param>
    /// <returns>True when compatible; false when incompatible or not a version.</returns>
    public static bool IsCompatible(string? builtFor) =>
        System.Version.TryParse(builtFor, out var v) && v.Major == Current.Major && v.Minor <= Current.Minor;
}
