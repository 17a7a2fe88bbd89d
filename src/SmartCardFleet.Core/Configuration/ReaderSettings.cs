using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Configuration;

/// <summary>How each reader actor behaves.</summary>
public sealed record ReaderSettings
{
    /// <summary>Attach when a card is inserted (and at start when one is present), detach on removal.</summary>
    public bool AutoAttach { get; init; } = true;

    public ShareMode DefaultShareMode { get; init; } = ShareMode.Shared;

    public CardProtocol DefaultProtocols { get; init; } = CardProtocol.Any;

    /// <summary>Disposition for detaches the actor decides itself (stop, removal, auto-detach). LEAVE: our own RESET or
    /// UNPOWER would reset the card for every process (docs/pcsc-notes.md §5).</summary>
    public CardDisposition DefaultDisposition { get; init; } = CardDisposition.Leave;

    /// <summary>Dispatcher of reader actors. The default is a PinnedDispatcher (one OS thread per reader, as
    /// pcsc-lite's one-context-per-thread rule wants); simulated fleets of thousands can point this at a ForkJoin pool
    /// such as <see cref="CoreConfig.SharedCardIoDispatcherId"/>.</summary>
    public string DispatcherId { get; init; } = CoreConfig.CardIoDispatcherId;

    /// <summary>Most requests waiting behind a transaction; more are refused with BusyInTransaction.</summary>
    public int StashCapacity { get; init; } = 1000;

    /// <summary>Upper bound for a transaction lease. Windows resets a card whose transaction is idle for 5 s.</summary>
    public TimeSpan MaxTransactionHold { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Ending an expired lease: Reset when commands ran inside it (the vanished holder may have left the card
    /// half-way: verified PIN, open secure channel, selected applet), Leave when none ran.</summary>
    public CardDisposition ExpiredTransactionDisposition { get; init; } = CardDisposition.Reset;

    /// <summary>Reset the card when a transaction (or a lone Transmit) in which a VERIFY, CHANGE REFERENCE DATA or RESET
    /// RETRY COUNTER succeeded ends, so no caller inherits another's verified PIN (docs/security.md).</summary>
    public bool ResetAfterVerify { get; init; } = true;

    /// <summary>Receive buffer for Transmit: the largest extended response pcsc-lite accepts
    /// (docs/pcsc-notes.md §6).</summary>
    public int ReceiveBufferSize { get; init; } = CardConnection.MaxResponseLength;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DispatcherId))
        {
            throw new ArgumentException("Reader DispatcherId must name a dispatcher.");
        }

        if (StashCapacity < 1 || MaxTransactionHold <= TimeSpan.Zero || ReceiveBufferSize < 2)
        {
            throw new ArgumentException("Reader settings need StashCapacity >= 1, MaxTransactionHold > 0 and ReceiveBufferSize >= 2.");
        }
    }
}
