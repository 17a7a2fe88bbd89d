using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;

namespace SmartCardFleet.Core.Plugins;

/// <summary>A plugin accepted the attached card; operations on the reader now run through it.
/// <paramref name="FromCache"/> is true when the ATR's earlier result was reused without probing.</summary>
public sealed record CardIdentified(ReaderId? ReaderId, string PluginId, string CardType, bool FromCache, DateTimeOffset Timestamp)
    : IFleetEvent;

/// <summary>No plugin accepted the attached card (no candidate, every probe said no, or the reader failed).</summary>
public sealed record CardUnidentified(ReaderId? ReaderId, byte[] Atr, string Reason, DateTimeOffset Timestamp) : IFleetEvent;

/// <summary>A plugin failed <paramref name="ConsecutiveFailures"/> operations in a row and is disabled until the next reload.</summary>
public sealed record PluginQuarantined(ReaderId? ReaderId, string PluginId, int ConsecutiveFailures, string LastFailure,
    DateTimeOffset Timestamp) : IFleetEvent;

/// <summary>An operator cleared the plugin's quarantine (<see cref="ClearQuarantine"/>): its cards run operations again.</summary>
public sealed record PluginQuarantineCleared(ReaderId? ReaderId, string PluginId, DateTimeOffset Timestamp) : IFleetEvent;

/// <summary>A plugin was loaded again (hot reload or <see cref="ReloadPlugins"/>): operations that start from now on use
/// <paramref name="NewVersion"/>; operations in flight finish on the old one.</summary>
public sealed record PluginReloaded(ReaderId? ReaderId, string PluginId, string OldVersion, string NewVersion, DateTimeOffset Timestamp)
    : IFleetEvent;

/// <summary>A plugin folder could not be loaded; the rest of the host is unaffected.</summary>
public sealed record PluginRejected(ReaderId? ReaderId, string Folder, string Reason, string Message, DateTimeOffset Timestamp)
    : IFleetEvent;
