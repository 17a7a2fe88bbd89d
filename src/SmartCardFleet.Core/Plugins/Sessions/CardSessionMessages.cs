using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins.Loading;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Messaging;

namespace SmartCardFleet.Core.Plugins.Sessions;

// Messages between the PluginHost and its per-card CardSessionActor children; not part of the public API.

/// <summary>Host → card: identify with these candidates, in order.</summary>
internal sealed record IdentifyCard(IReadOnlyList<PluginCandidate> Candidates, bool FromCache) : ILocalOnlyMessage;

/// <summary>Host → card: the card was reset by someone else; tell the session and renew the reset token.</summary>
internal sealed record CardWasReset : ILocalOnlyMessage
{
    public static readonly CardWasReset Instance = new();
}

/// <summary>Host → card: the card was detached or removed; stop. A message, not <c>Context.Stop</c>: a stop request
/// is a system message that overtakes the RunOperation the host forwarded just before, which would then be lost
/// in dead letters without an answer. Sent after them, this one lets every forwarded request be answered.</summary>
internal sealed record EndCardSession : ILocalOnlyMessage
{
    public static readonly EndCardSession Instance = new();
}

/// <summary>Host → card: a reload replaced the card's plugin; the next operation uses <paramref name="Plugin"/>
/// (null: the plugin is gone, the card is no longer identified).</summary>
internal sealed record UsePlugin(LoadedPlugin? Plugin) : ILocalOnlyMessage;

/// <summary>Card → host: identification finished. <paramref name="Cacheable"/> is true only when the ATR alone decided (an
/// operator override); a probe's answer, a refusal, a reader failure or a timeout is never remembered.</summary>
internal sealed record IdentificationReport(ReaderId ReaderId, SessionId Session, byte[] Atr, LoadedPlugin? Plugin,
    bool FromCache, bool Cacheable, string? Reason) : ILocalOnlyMessage;

/// <summary>Card → host: a session of <paramref name="Plugin"/> was opened.</summary>
internal sealed record SessionOpenedReport(LoadedPlugin Plugin) : ILocalOnlyMessage;

/// <summary>Card → host: a session of <paramref name="Plugin"/> was disposed or abandoned.</summary>
internal sealed record SessionClosedReport(LoadedPlugin Plugin) : ILocalOnlyMessage;

/// <summary>Card → host: how an operation ended, for quarantine counting. <paramref name="Fault"/> is true for an
/// unexpected exception or a timeout; typed failures (bad argument, card status word) are not the plugin's fault.</summary>
internal sealed record OperationOutcomeReport(ReaderId ReaderId, LoadedPlugin Plugin, bool Fault, string? Message) : ILocalOnlyMessage;

/// <summary>Card → itself: a work item (identification, operation, reset notice) ended; the new session state.</summary>
internal sealed record WorkDone(CardSessionState State) : ILocalOnlyMessage;

/// <summary>Card → host: a call into <paramref name="Plugin"/> outside an operation (Match, probe, opening a session,
/// a reset notice, disposing) passed its deadline and its thread was abandoned; counts towards quarantine like a
/// failed operation. (Operations report through <see cref="OperationOutcomeReport"/>.)</summary>
internal sealed record PluginFaultReport(ReaderId ReaderId, LoadedPlugin Plugin, string Message) : ILocalOnlyMessage;
