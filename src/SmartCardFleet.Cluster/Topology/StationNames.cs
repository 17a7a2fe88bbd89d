using System.Text;
using SmartCardFleet.Core.Fleet;

namespace SmartCardFleet.Cluster.Topology;

/// <summary>
/// A station's name in the fleet (Station:Name): lower-case ASCII letters, digits and single dashes, at most
/// <see cref="MaxLength"/> characters, like a reader id. It never contains a dot, so the fleet-wide reader id
/// "station.reader" (<see cref="FleetReaderId"/>) splits one way only, and it is safe in URLs, actor names and metric labels.
/// </summary>
public static class StationNames
{
    public const int MaxLength = 40;

    /// <summary>The name used when Station:Name is not set: the host name made into a valid name ("Kiosk_07.example" →
    /// "kiosk-07-example"), cut to <see cref="MaxLength"/>; "station" when nothing is left.</summary>
    public static string FromHostName(string hostName)
    {
        ArgumentNullException.ThrowIfNull(hostName);
        var builder = new StringBuilder(hostName.Length);
        var pendingDash = false;
        foreach (var c in hostName)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (pendingDash && builder.Length > 0)
                {
                    builder.Append('-');
                }

                builder.Append(char.ToLowerInvariant(c));
                pendingDash = false;
            }
            else
            {
                pendingDash = true;
            }
        }

        var name = builder.Length > MaxLength ? builder.ToString(0, MaxLength).TrimEnd('-') : builder.ToString();
        return name.Length == 0 ? "station" : name;
    }

    /// <summary>True when <paramref name="name"/> is a valid station name; otherwise <paramref name="problem"/> says why.</summary>
    public static bool IsValid(string? name, out string? problem)
    {
        problem = null;
        if (string.IsNullOrEmpty(name))
        {
            problem = "is empty";
        }
        else if (name.Length > MaxLength)
        {
            problem = $"is longer than {MaxLength} characters";
        }
        else if (!ReaderId.IsSlug(name))
        {
            problem = "may contain only lower-case letters a-z, digits and single dashes, not at the start or end";
        }

        return problem is null;
    }
}
