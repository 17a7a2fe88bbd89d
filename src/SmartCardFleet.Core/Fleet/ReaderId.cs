using System.Globalization;
using System.Text;

namespace SmartCardFleet.Core.Fleet;

/// <summary>
/// Stable, URL-safe identity of a reader on a station: a lower-case slug of the PC/SC reader name
/// ("Virtual PCD 3 00 01" → "virtual-pcd-3-00-01"). Later issues put it in URLs and send it across the cluster,
/// so it is derived from the name alone (no counters, no process state): the same reader name gives the same
/// id after a restart. It is also a valid Akka actor name element.
/// Names with non-ASCII letters or digits always get the hash suffix, since those characters are dropped.
/// Two names that slug to the same text (e.g. "A B" and "A-B") are told apart by
/// <see cref="FromReaderName(string, bool)"/> with a stable hash suffix; the manager applies it on collision.
/// </summary>
public readonly record struct ReaderId
{
    public ReaderId(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        if (!IsSlug(value))
        {
            throw new ArgumentException($"'{value}' is not a reader id: use lower-case letters, digits and single dashes.", nameof(value));
        }

        Value = value;
    }

    public string Value { get; }

    /// <summary>Slug of <paramref name="readerName"/>; with <paramref name="disambiguate"/> a 32-bit FNV-1a hash of the
    /// exact name is appended ("a-b-1f2e3d4c") so colliding slugs stay distinct and stable.</summary>
    public static ReaderId FromReaderName(string readerName, bool disambiguate = false)
    {
        ArgumentNullException.ThrowIfNull(readerName);
        var slug = Slugify(readerName, out var droppedLettersOrDigits);
        // Non-ASCII letters cannot go into the slug (the product runs with invariant globalization, so there is no
        // reliable transliteration); the hash keeps names that differ only there apart.
        disambiguate |= droppedLettersOrDigits;
        if (slug.Length == 0)
        {
            slug = "reader";
            disambiguate = true;
        }

        return new ReaderId(disambiguate ? $"{slug}-{StableHash(readerName):x8}" : slug);
    }

    public override string ToString() => Value;

    private static string Slugify(string name, out bool droppedLettersOrDigits)
    {
        var builder = new StringBuilder(name.Length);
        var pendingDash = false;
        droppedLettersOrDigits = false;
        foreach (var c in name)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (pendingDash && builder.Length > 0)
                {
                    builder.Append('-');
                }

                builder.Append(char.ToLower(c, CultureInfo.InvariantCulture));
                pendingDash = false;
            }
            else
            {
                droppedLettersOrDigits |= char.IsLetterOrDigit(c);
                pendingDash = true;
            }
        }

        return builder.ToString();
    }

    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return hash;
    }

    /// <summary>True for lower-case ASCII letters, digits and single dashes, not at the start or end (the text of a
    /// reader id; station names follow the same rule).</summary>
    public static bool IsSlug(string value)
    {
        var previousDash = true;
        foreach (var c in value)
        {
            var dash = c == '-';
            if (!(dash || char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c)) || (dash && previousDash))
            {
                return false;
            }

            previousDash = dash;
        }

        return !previousDash;
    }
}
