using SmartCardFleet.Abstractions.Text;
using System.Globalization;
using System.Reflection;
using SmartCardFleet.Core;
using SmartCardFleet.Host.Station;

namespace SmartCardFleet.Host.Configuration;

/// <summary>
/// Reads the raw configuration of the station's own sections (Station, Http, Cluster, Storage) against the properties of their option
/// classes, before anything binds them:
/// - an enum key must hold exactly one known name (flags: names separated by ','); the binder's Enum.Parse would take
///   numbers and OR a list together ("Shared, Exclusive" became Direct), so a bad value stops the start (exit 2);
/// - a key no option class has (a typo, a key of an older version) would be ignored silently; each one is warned
///   about at start. A warning, not a stop: a configuration file shared between versions must still start.
/// Other sections (Logging, Kestrel, ...) belong to .NET and are not checked here.
/// </summary>
public static class StationConfigurationCheck
{
    private static readonly (string Name, Type Type)[] Sections =
    [
        (StationOptions.SectionName, typeof(StationOptions)),
        (HttpOptions.SectionName, typeof(HttpOptions)),
        (ClusterOptions.SectionName, typeof(ClusterOptions)),
        (Storage.StorageOptions.SectionName, typeof(Storage.StorageOptions)),
    ];

    /// <summary>Keys the host writes itself (StationHost.ConfigureSources).</summary>
    private static readonly HashSet<string> HostKeys = new(StringComparer.OrdinalIgnoreCase) { "Station:ConfigDirectory" };

    /// <summary>Stops the start on a bad enum value; registers the warnings about unknown keys.</summary>
    public static void Apply(IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var findings = Inspect(builder.Configuration);
        if (findings.EnumProblems.Count > 0)
        {
            throw new StationStartException(string.Join(Environment.NewLine + "  ", findings.EnumProblems.Prepend("invalid configuration:")));
        }

        if (findings.UnknownKeys.Count > 0)
        {
            builder.Services.AddHostedService(sp => new UnknownKeyWarnings(
                sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StationConfigurationCheck).FullName!), findings.UnknownKeys));
        }
    }

    public static Findings Inspect(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var findings = new Findings([], []);
        foreach (var (name, type) in Sections)
        {
            WalkObject(configuration.GetSection(name), type, findings);
        }

        return findings;
    }

    private static void WalkObject(IConfigurationSection section, Type type, Findings findings)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod?.IsPublic == true)
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren())
        {
            if (HostKeys.Contains(child.Path))
            {
                continue;
            }

            if (properties.TryGetValue(child.Key, out var property))
            {
                WalkValue(child, property.PropertyType, findings);
            }
            else
            {
                findings.UnknownKeys.Add(child.Path);
            }
        }
    }

    private static void WalkValue(IConfigurationSection section, Type type, Findings findings)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        var valueType = underlying ?? type;
        if (ElementType(valueType) is { } element)
        {
            foreach (var item in section.GetChildren())
            {
                if (int.TryParse(item.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    WalkValue(item, element, findings);
                }
                else
                {
                    findings.UnknownKeys.Add(item.Path);
                }
            }

            return;
        }

        if (!IsScalar(valueType))
        {
            WalkObject(section, valueType, findings);
            return;
        }

        findings.UnknownKeys.AddRange(section.GetChildren().Select(c => c.Path));
        if (valueType.IsEnum && section.Value is { } text && !(underlying is not null && string.IsNullOrWhiteSpace(text))
            && !EnumNames.TryParse(valueType, text, [EnumNames.ListSeparator], out _))
        {
            findings.EnumProblems.Add($"{section.Path} \"{Bounded.Echo(text)}\" is not {EnumNames.Expected(valueType)}.");
        }
    }

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) ? type.GetGenericArguments()[0]
        : null;

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(TimeSpan) || type == typeof(decimal) || type == typeof(Uri);

    /// <summary>What the raw configuration holds that the option classes cannot take.</summary>
    public sealed record Findings(List<string> EnumProblems, List<string> UnknownKeys);
}
