using SmartCardFleet.Core.Fleet;

namespace SmartCardFleet.Core.Events;

/// <summary>A reader has been waiting longer than <c>StationSettings.ForeignLockThreshold</c> in
/// <paramref name="Operation"/> (SCardConnect or SCardBeginTransaction, on its lock-wait thread) since
/// <paramref name="Since"/>: another process holds the card's transaction. Published by the reader actor's own timer,
/// once per blocked call; <see cref="ReaderUnblocked"/> follows when the call returns.</summary>
public sealed record ReaderBlocked(ReaderId? ReaderId, string Operation, DateTimeOffset Since, DateTimeOffset Timestamp) : IFleetEvent;

/// <summary>The call reported by <see cref="ReaderBlocked"/> returned after <paramref name="BlockedFor"/>; the reader
/// serves its queued requests again, in order.</summary>
public sealed record ReaderUnblocked(ReaderId? ReaderId, string Operation, TimeSpan BlockedFor, DateTimeOffset Timestamp) : IFleetEvent;
