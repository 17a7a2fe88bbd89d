using System.Text.RegularExpressions;

namespace SmartCardFleet.Core.Configuration;

/// <summary>Include/exclude reader names by glob patterns (* any run, ? one character), case-insensitive.</summary>
internal sealed class ReaderNameFilter
{
    private readonly Regex[] _include;
    private readonly Regex[] _exclude;

    public ReaderNameFilter(IEnumerable<string> include, IEnumerable<string> exclude)
    {
        _include = [.. include.Select(ToRegex)];
        _exclude = [.. exclude.Select(ToRegex)];
    }

    public bool Accepts(string readerName) =>
        (_include.Length == 0 || _include.Any(r => r.IsMatch(readerName))) && !_exclude.Any(r => r.IsMatch(readerName));

    private static Regex ToRegex(string glob) =>
        new("^" + Regex.Escape(glob).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
