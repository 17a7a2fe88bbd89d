using SmartCardFleet.Abstractions.Cards;

namespace SmartCardFleet.Core.Plugins;

/// <summary>How the plugin host loads, picks and runs card plugins. Defaults suit production; tests shrink timings.</summary>
public sealed record PluginHostSettings
{
    /// <summary>Directory with one folder per plugin: <c>&lt;dir&gt;/&lt;Name&gt;/&lt;Name&gt;.dll</c>.</summary>
    public string PluginDirectory { get; init; } = "plugins";

    /// <summary>Longest a single operation may run (all its APDUs). On expiry the requester gets Timeout and the
    /// card is reset so it is not left half-way through a sequence.</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Added to the operation (or identification) timeout for the reader transaction's lease, so the host
    /// times out and resets the card before the reader's own lease guard fires. Timeout plus margin must not exceed
    /// the readers' <c>MaxTransactionHold</c> (30 s by default).</summary>
    public TimeSpan TransactionLeaseMargin { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Longest identification (all probes plus opening the session) may take on one card.</summary>
    public TimeSpan IdentificationTimeout { get; init; } = DefaultIdentificationTimeout;

    /// <summary>The clock of each card's identification and operation deadlines (specs pass a manual one, so "past the
    /// deadline" is their decision rather than a race with the wall clock).</summary>
    public TimeProvider DeadlineClock { get; init; } = TimeProvider.System;

    /// <summary>The default of <see cref="IdentificationTimeout"/> (the station does not configure it).</summary>
    public static readonly TimeSpan DefaultIdentificationTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Longest one plugin's <c>Match</c> may take; past it the plugin counts as not matching, and as faulty.
    /// Every plugin's Match runs at the same time, each on a thread of its own, off the plugin host actor.</summary>
    public TimeSpan MatchTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest one plugin's probe may take (and opening the winner's session), within
    /// <see cref="IdentificationTimeout"/>; past it the plugin counts as "not my card", and as faulty, and
    /// identification goes on with the next candidate.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest loading one plugin folder may take (its static and plugin constructors included); past it the
    /// folder is rejected and the other folders load.</summary>
    public TimeSpan LoadTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The default of <see cref="MaxStuckThreadsPerPlugin"/>.</summary>
    public const int DefaultMaxStuckThreadsPerPlugin = 4;

    /// <summary>How many of a plugin's threads may be stuck past a deadline at once. At the limit the plugin is
    /// quarantined and none of its code is started any more, so a plugin cannot eat the machine's threads.</summary>
    public int MaxStuckThreadsPerPlugin { get; init; } = DefaultMaxStuckThreadsPerPlugin;

    /// <summary>Longest the host waits for the reader actor to answer one request (a Transmit, a BeginTransaction).</summary>
    public TimeSpan ReaderRequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A plugin whose operations fail (unexpected exception or timeout) this many times in a row is
    /// quarantined until the next reload.</summary>
    public int QuarantineAfterFailures { get; init; } = 5;

    /// <summary>Operator overrides: a card whose ATR matches uses the named plugin without probing (as OpenSC's
    /// <c>card_atr { driver = ... }</c>). The first matching override wins.</summary>
    public IReadOnlyList<AtrOverride> AtrOverrides { get; init; } = [];

    /// <summary>Watch <see cref="PluginDirectory"/> and reload a plugin folder when its files change.</summary>
    public bool WatchPluginDirectory { get; init; } = true;

    /// <summary>Quiet time after the last file change in a folder before it is reloaded (copies arrive file by file).</summary>
    public TimeSpan ReloadDebounce { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>When listing the readers fails (the PC/SC service is down at start), the host lists again on
    /// ServiceRestored, and after this delay in case no ServiceRestored follows.</summary>
    public TimeSpan RelistDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Told about each APDU plugins send (metrics, APDU log); null = nobody.</summary>
    public IPluginApduObserver? ApduObserver { get; init; }

    public PluginHostSettings Validate()
    {
        if (string.IsNullOrWhiteSpace(PluginDirectory))
        {
            throw new ArgumentException("PluginHostSettings.PluginDirectory must name a directory.");
        }

        if (OperationTimeout <= TimeSpan.Zero || IdentificationTimeout <= TimeSpan.Zero || ReaderRequestTimeout <= TimeSpan.Zero
            || ReloadDebounce < TimeSpan.Zero || TransactionLeaseMargin < TimeSpan.Zero || RelistDelay <= TimeSpan.Zero
            || MatchTimeout <= TimeSpan.Zero || ProbeTimeout <= TimeSpan.Zero || LoadTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("PluginHostSettings timeouts must be positive (ReloadDebounce may be zero).");
        }

        if (MaxStuckThreadsPerPlugin < 1)
        {
            throw new ArgumentException("PluginHostSettings.MaxStuckThreadsPerPlugin must be at least 1.");
        }

        if (QuarantineAfterFailures < 1)
        {
            throw new ArgumentException("PluginHostSettings.QuarantineAfterFailures must be at least 1.");
        }

        return this;
    }
}

/// <summary>Forces <paramref name="PluginId"/> for cards whose ATR matches <paramref name="Pattern"/>.</summary>
public sealed record AtrOverride(AtrPattern Pattern, string PluginId);
