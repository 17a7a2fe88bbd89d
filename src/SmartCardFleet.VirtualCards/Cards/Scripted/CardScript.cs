using SmartCardFleet.Abstractions.Apdu;

namespace SmartCardFleet.VirtualCards.Cards.Scripted;

/// <summary>A validated card script (docs/card-scripts.md): what <see cref="ScriptedCard"/> plays.</summary>
/// <param name="Atr">The answer to reset, 2 to 33 bytes.</param>
/// <param name="Rules">The rules, tried in order; the first that applies answers.</param>
/// <param name="Counters">Every counter's initial value.</param>
/// <param name="Otherwise">The answer when no rule applies.</param>
public sealed record CardScript(byte[] Atr, IReadOnlyList<CardScriptRule> Rules, IReadOnlyDictionary<string, long> Counters, byte[] Otherwise)
{
    /// <summary>Most rules a script may have.</summary>
    public const int MaxRules = 256;

    /// <summary>Longest response: 256 data bytes and the status word.</summary>
    public const int MaxResponseLength = 258;

    /// <summary>Longest command pattern: a short case 4 APDU (4 + 1 + 255 + 1 bytes).</summary>
    public const int MaxCommandLength = 261;

    /// <summary>Longest ATR (ISO 7816-3).</summary>
    public const int MaxAtrLength = 33;

    /// <summary>Most counters a script may declare.</summary>
    public const int MaxCounters = 64;

    /// <summary>Longest name of an application or a counter.</summary>
    public const int MaxNameLength = 64;

    /// <summary>Largest JSON file read.</summary>
    public const int MaxFileBytes = 1024 * 1024;
}

/// <summary>One "APDU pattern → response" rule.</summary>
/// <param name="Number">The rule's position in the script, from 1, for messages.</param>
/// <param name="When">The command pattern.</param>
/// <param name="Respond">The response, possibly with counter values.</param>
/// <param name="OnlyIn">The rule applies only while this application is selected (null: always).</param>
/// <param name="Select">The application selected after the rule answered (null: the selection stays).</param>
/// <param name="Increment">The counter raised by one before the response is built (null: none).</param>
public sealed record CardScriptRule(int Number, ApduPattern When, ResponseTemplate Respond, string? OnlyIn, string? Select, string? Increment);
