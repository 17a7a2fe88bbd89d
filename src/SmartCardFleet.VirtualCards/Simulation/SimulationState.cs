using SmartCardFleet.Pcsc;

namespace SmartCardFleet.VirtualCards.Simulation;

/// <summary>One SCARDCONTEXT. Guarded by the SimulatedPcsc lock.</summary>
internal sealed class SimContext(nint id)
{
    public nint Id { get; } = id;

    /// <summary>The service stopped after this context was made: every call answers NoService, forever.</summary>
    public bool Dead { get; set; }

    public HashSet<SimHandle> Handles { get; } = [];

    /// <summary>The GetStatusChange in progress on this context, for Cancel.</summary>
    public StatusWaiter? Waiter { get; set; }
}

/// <summary>One SCARDHANDLE. Guarded by the SimulatedPcsc lock.</summary>
internal sealed class SimHandle(nint id, SimContext context, SimulatedReader reader, long insertionId)
{
    public nint Id { get; } = id;
    public SimContext Context { get; } = context;
    public SimulatedReader Reader { get; } = reader;

    /// <summary>The card insertion this handle talks to (0: a direct connection made without a card; a later
    /// Reconnect binds it to the card then present).</summary>
    public long InsertionId { get; set; } = insertionId;

    public ShareMode ShareMode { get; set; }
    public CardProtocol Protocol { get; set; }

    /// <summary>Success, or the sticky event the next card call reports: ResetCard (until Reconnect),
    /// RemovedCard or ReaderUnavailable (until Disconnect).</summary>
    public PcscError PendingEvent { get; set; }
}

/// <summary>A blocked GetStatusChange: woken by events of the readers it watches, by Cancel, or by service loss.</summary>
internal sealed class StatusWaiter : IDisposable
{
    public ManualResetEventSlim Signal { get; } = new(false);
    public bool Cancelled { get; set; }

    public void Dispose() => Signal.Dispose();
}
