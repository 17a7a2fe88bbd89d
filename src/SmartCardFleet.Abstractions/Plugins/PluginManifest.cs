using System.Text.RegularExpressions;
using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Cards;

namespace SmartCardFleet.Abstractions.Plugins;

/// <summary>
/// What a card plugin declares about itself: identity, the SDK it was built for, which cards it handles (ATR
/// patterns, probe AIDs), its priority and its operations. Pure data; the host reads it before any card I/O.
/// </summary>
/// <remarks>
/// Selection: the host keeps plugins whose <see cref="ICardPlugin.Match"/> accepts the ATR, ranks them by the
/// specificity of the best matching pattern (most specific mask wins), then by <see cref="Priority"/> (higher
/// first), and runs their probes in that order until one accepts the card.
/// </remarks>
public sealed partial record PluginManifest
{
    /// <summary>Reverse-DNS style unique id, for example <c>org.example.piv</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Human-readable plugin name.</summary>
    public required string Name { get; init; }

    /// <summary>The plugin's own version, for example <c>1.2.0</c>.</summary>
    public required string Version { get; init; }

    /// <summary>The SDK version the plugin was compiled against: write <c>SdkInfo.Version</c> (a constant).</summary>
    public required string SdkVersion { get; init; }

    /// <summary>The card type this plugin handles, for example <c>PIV</c> or <c>OpenPGP</c>.</summary>
    public required string CardType { get; init; }

    /// <summary>ATR patterns of supported cards; empty means "any ATR, the probe decides".</summary>
    public IReadOnlyList<AtrPattern> AtrPatterns { get; init; } = [];

    /// <summary>AIDs the default probe SELECTs; the card is accepted when one answers 90 00. Empty: no probe.</summary>
    public IReadOnlyList<Aid> ProbeAids { get; init; } = [];

    /// <summary>Tie-breaker between plugins whose ATR patterns are equally specific; higher runs first. Default 0.</summary>
    public int Priority { get; init; }

    /// <summary>The operations sessions of this plugin execute.</summary>
    public IReadOnlyList<OperationDescriptor> Operations { get; init; } = [];

    /// <summary>How the SDK completes responses (61xx / 6Cxx) for this plugin.</summary>
    public TransmitOptions ResponseHandling { get; init; } = TransmitOptions.Default;

    /// <summary>
    /// Proprietary instruction bytes whose command bodies carry secrets, redacted in host logs in addition to
    /// VERIFY, CHANGE REFERENCE DATA and RESET RETRY COUNTER.
    /// </summary>
    public IReadOnlyList<byte> SensitiveInstructions { get; init; } = [];

    /// <summary>Checks the manifest and lists every problem (empty when valid).</summary>
    /// <returns>Human-readable problems, each naming the field.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Id) || !IdPattern().IsMatch(Id))
        {
            problems.Add($"Id \"{Id}\" must be reverse-DNS style: lower-case dot-separated segments such as \"org.example.piv\".");
        }

        Require(problems, Name, nameof(Name));
        Require(problems, Version, nameof(Version));
        Require(problems, CardType, nameof(CardType));
        if (!SdkInfo.IsCompatible(SdkVersion))
        {
            problems.Add($"SdkVersion \"{SdkVersion}\" is not compatible with this SDK {SdkInfo.Version} (same major version and no newer minor version required).");
        }

        var duplicates = Operations.GroupBy(o => o.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            problems.Add($"Operations declared more than once: {string.Join(", ", duplicates)}.");
        }

        problems.AddRange(VerifyProblems());
        if (AtrPatterns.Count == 0 && ProbeAids.Count == 0)
        {
            problems.Add("Neither AtrPatterns nor ProbeAids is set, so the plugin would claim every card.");
        }

        return problems;
    }

    /// <summary>Each <see cref="OperationDescriptor.VerifiedBy"/> must name another declared operation with the same
    /// argument names, or the host could not run it with the row's arguments.</summary>
    private IEnumerable<string> VerifyProblems()
    {
        foreach (var operation in Operations.Where(o => o.VerifiedBy is not null))
        {
            var verify = Operations.FirstOrDefault(o => string.Equals(o.Name, operation.VerifiedBy, StringComparison.Ordinal));
            if (verify is null || ReferenceEquals(verify, operation) || string.Equals(verify.Name, operation.Name, StringComparison.Ordinal))
            {
                yield return $"Operation \"{operation.Name}\" has VerifiedBy \"{operation.VerifiedBy}\", which is not another declared operation.";
            }
            else if (!verify.Arguments.Keys.Order(StringComparer.Ordinal).SequenceEqual(operation.Arguments.Keys.Order(StringComparer.Ordinal), StringComparer.Ordinal))
            {
                yield return $"Operation \"{operation.Name}\" has VerifiedBy \"{verify.Name}\", whose arguments differ; a verify operation takes the same arguments.";
            }
        }
    }

    private static void Require(List<string> problems, string value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add($"{name} must not be empty.");
        }
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*(\\.[a-z0-9]+(-[a-z0-9]+)*)+$")]
    private static partial Regex IdPattern();
}
