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

    /// <summary>The entries of the last status wait and their readers by name (null: PnP or no such reader), valid
    /// while the reader set has <see cref="ResolvedVersion"/>: a monitor passes the same entries every time.</summary>
    public ReaderStateEntry[]? ResolvedEntries { get; set; }

    public SimulatedReader?[]? ResolvedReaders { get; set; }

    public int ResolvedVersion { get; set; }
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

    /// <summary>Registered once with the service for any reader event instead of with each watched reader.</summary>
    public bool Broad { get; set; }
    public bool Cancelled { get; set; }

    public void Dispose() => Signal.Dispose();
}
