namespace SmartCardFleet.Testing;

/// <summary>What the station would decide about a card for the plugin under test.</summary>
/// <param name="Matched">The plugin's <c>Match</c> accepted the card's ATR (it is a candidate).</param>
/// <param name="Accepted">The probe confirmed the card and a session opened: the station would give the card to the plugin.</param>
public sealed record HarnessIdentification(bool Matched, bool Accepted)
{
    /// <summary>
    /// What the probe or OpenSessionAsync threw, when it did. The station logs it and counts the card as refused by the
    /// plugin, so <see cref="Accepted"/> is false; the harness keeps it here for the test to see.
    /// </summary>
    public Exception? Failure { get; init; }
}
