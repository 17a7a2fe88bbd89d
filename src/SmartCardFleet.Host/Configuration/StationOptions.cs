using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Host.Configuration;

/// <summary>The "Station" section of appsettings.json (every key is documented in README.md).
/// Mutable because the configuration binder fills it; validated at start by <see cref="StationOptionsValidator"/>.</summary>
public sealed class StationOptions
{
    public const string SectionName = "Station";

    /// <summary>The station's name in the fleet (lower-case letters, digits, single dashes; see StationNames). Empty or
    /// absent: the host name made valid, with "-console" appended on a console (<see cref="StationIdentity"/>).</summary>
    public string? Name { get; set; }

    /// <summary>Run against the in-process simulated PC/SC instead of the machine's PC/SC service.</summary>
    public bool Simulate { get; set; }

    public SimulationOptions Simulation { get; set; } = new();

    public ReaderOptions Readers { get; set; } = new();

    public PluginOptions Plugins { get; set; } = new();

    /// <summary>How long one HTTP request waits for its reader or plugin before answering 504.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a reader may wait in SCardConnect/SCardBeginTransaction before it is reported as blocked by
    /// another process's transaction (423 ForeignTransaction, ReaderBlocked event).</summary>
    public TimeSpan ForeignLockThreshold { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Backoff of re-establishing the PC/SC service after it went away.</summary>
    public ServiceRecoveryOptions ServiceRecovery { get; set; } = new();
}

/// <summary>Delays between attempts to reach the PC/SC service again: MinDelay doubling up to MaxDelay, with jitter.</summary>
public sealed class ServiceRecoveryOptions
{
    public TimeSpan MinDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>The simulated fleet of <c>fleet run --simulate N</c>.</summary>
public sealed class SimulationOptions
{
    public int Readers { get; set; } = 8;

    /// <summary>Seed of the churn's random choices; null = a different run every time.</summary>
    public int? Seed { get; set; }

    /// <summary>Mean time between two simulated insertions/removals; zero turns the churn off (tests drive the cards).</summary>
    public TimeSpan ChurnInterval { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Insert a card into about half of the readers at start.</summary>
    public bool FillAtStart { get; set; } = true;
}

/// <summary>Which readers the station manages and how it connects to their cards.</summary>
public sealed class ReaderOptions
{
    /// <summary>Reader name patterns (* and ?, case-insensitive); empty = every reader.</summary>
    public List<string> Include { get; set; } = [];

    public List<string> Exclude { get; set; } = [];

    /// <summary>Attach cards as they are inserted (and detach on removal).</summary>
    public bool AutoAttach { get; set; } = true;

    /// <summary>Per-reader exceptions, first match wins.</summary>
    public List<PerReaderOptions> PerReader { get; set; } = [];

    public ShareMode ShareMode { get; set; } = ShareMode.Shared;

    public CardProtocol Protocols { get; set; } = CardProtocol.Any;

    /// <summary>Disposition of detaches the station decides itself: shutdown, removal, auto-detach.</summary>
    public CardDisposition DetachDisposition { get; set; } = CardDisposition.Leave;

    /// <summary>Reset the card after an operation, transaction or transmit in which a PIN was verified (docs/security.md).</summary>
    public bool ResetAfterVerify { get; set; } = true;
}

public sealed class PerReaderOptions
{
    /// <summary>Reader name pattern (* and ?, case-insensitive).</summary>
    public string Match { get; set; } = "";

    public bool? AutoAttach { get; set; }

    /// <summary>Share mode of this reader's auto-attach and of attach/reconnect without one; null = Readers:ShareMode.</summary>
    public ShareMode? ShareMode { get; set; }

    /// <summary>Preferred protocols of this reader; null = Readers:Protocols.</summary>
    public CardProtocol? Protocols { get; set; }
}

public sealed class PluginOptions
{
    /// <summary>Folder with one sub-folder per plugin; relative to the configuration file's folder.</summary>
    public string Directory { get; set; } = "plugins";

    /// <summary>Cards whose ATR matches go to the named plugin, whatever the plugins' own matching says.</summary>
    public List<AtrOverrideOptions> AtrOverrides { get; set; } = [];

    /// <summary>Longest one plugin's Match may take (docs/plugin-isolation.md).</summary>
    public TimeSpan MatchTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest one plugin's probe (or opening its session) may take during identification.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest loading one plugin folder (its constructors included) may take.</summary>
    public TimeSpan LoadTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many of a plugin's threads may be stuck past a deadline before it is quarantined.</summary>
    public int MaxStuckThreadsPerPlugin { get; set; } = Core.Plugins.PluginHostSettings.DefaultMaxStuckThreadsPerPlugin;
}

public sealed class AtrOverrideOptions
{
    /// <summary>ATR in hex.</summary>
    public string Atr { get; set; } = "";

    /// <summary>Mask in hex (same length as the ATR); empty = exact match.</summary>
    public string? Mask { get; set; }

    /// <summary>Plugin id the card goes to.</summary>
    public string Plugin { get; set; } = "";
}
