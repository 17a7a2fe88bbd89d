using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards;

namespace SmartCardFleet.VirtualCards.Simulation;

/// <summary>
/// A reader slot of <see cref="SimulatedPcsc"/>. The test side (insert, remove, reset by another process) is
/// public; the PC/SC side is reached only through the <see cref="IPcscApi"/> calls. All state is guarded by the
/// owning <see cref="SimulatedPcsc"/>'s lock.
/// </summary>
public sealed class SimulatedReader
{
    private readonly ReaderRegistry _owner;

    private volatile PublishedState _published = new(0, [], false);

    internal SimulatedReader(ReaderRegistry owner, string name)
    {
        _owner = owner;
        Name = name;
        Publish();
    }

    public string Name { get; }

    /// <summary>The card in the reader, or null when empty.</summary>
    public IVirtualCard? Card { get; internal set; }

    /// <summary>Insertions plus removals, modulo 0x10000: the upper 16 bits of the reported event state.</summary>
    public int EventCounter { get; internal set; }

    /// <summary>SCARD_ATTR_CHARACTERISTICS bit 0x2. With it, a disconnect with Eject empties the reader; without
    /// it, Eject is treated as Unpower (cold reset).</summary>
    public bool CanEject { get; set; }

    public string VendorName { get; set; } = "SmartCardFleet";
    public string IfdType { get; set; } = "Simulated Reader";
    public string IfdSerialNumber { get; set; } = "SIM-0001";

    /// <summary>Answers SCardControl (control code, input → output). Null: UnsupportedFeature.</summary>
    public Func<uint, byte[], byte[]>? ControlHandler { get; set; }

    /// <summary>Shows whether the reader was removed from its resource manager.</summary>
    public bool IsRemoved { get; internal set; }

    internal bool CardIsMute { get; set; }

    /// <summary>Set by <see cref="PullUnnoticed"/>: <see cref="Card"/> is still reported but no longer answers.</summary>
    internal bool CardGoneUnnoticed { get; set; }
    internal long InsertionId { get; set; }
    internal CancellationTokenSource? InsertionCancellation { get; set; }
    internal CardProtocol ActiveProtocol { get; set; }
    internal HashSet<SimHandle> Connections { get; } = [];
    internal SimHandle? TransactionHolder { get; set; }
    internal HashSet<StatusWaiter> Waiters { get; } = [];

    /// <summary>Serialises card exchanges like a reader does (taken outside the resource manager lock).</summary>
    internal object ExchangeLock { get; } = new();

    internal bool HasExclusiveConnection
    {
        get
        {
            // A loop, not LINQ: every status wait evaluates every watched reader, 10,000 of them in the scale figure.
            foreach (var connection in Connections)
            {
                if (connection.ShareMode == ShareMode.Exclusive)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Inserts a card: event counter +1, Present (or Mute when the card's Mute fault is set).</summary>
    public void Insert(IVirtualCard card) => _owner.InsertCard(this, card);

    /// <summary>Pulls the card: event counter +1, Empty; every handle to it reports RemovedCard.</summary>
    public void Remove() => _owner.RemoveCard(this);

    /// <summary>The card leaves, but the resource manager has not looked yet (pcscd polls presence every 0.4 s): state
    /// calls still say Present, every exchange with the card fails NotTransacted, a reset or power-up finds the reader
    /// empty (and the service marks it so at once). <see cref="Remove"/> is the service's look that notices.</summary>
    public void PullUnnoticed() => _owner.PullCardUnnoticed(this);

    /// <summary>Another process reset the card: every handle reports ResetCard until it reconnects.</summary>
    public void ResetByOtherProcess() => _owner.ResetCardByOtherProcess(this, requireCard: true);

    /// <summary>Another process reset the card and this process's handles acknowledged the reset too early: their
    /// transmits answer ProtoMismatch until a Reconnect (pcsc-lite's race, docs/pcsc-notes.md §9).</summary>
    public void ResetRacingAcknowledgement() => _owner.ResetRacingAcknowledgement(this);

    /// <summary>The SCARD_STATE value GetStatusChange reports (counter in the upper 16 bits).</summary>
    internal uint RawState()
    {
        var flags = Card is null ? ReaderStateFlags.Empty : ReaderStateFlags.Present;
        if (Card is not null && CardIsMute)
        {
            flags |= ReaderStateFlags.Mute;
        }

        if (HasExclusiveConnection)
        {
            flags |= ReaderStateFlags.Exclusive;
        }
        else if (Connections.Count > 0)
        {
            flags |= ReaderStateFlags.InUse;
        }

        return ((uint)EventCounter << 16) | (uint)flags;
    }

    /// <summary>The card's reset fault: the resource manager resets it as another process would.</summary>
    internal void OnCardRequestedReset(object? sender, EventArgs e) => _owner.ResetCardByOtherProcess(this, requireCard: false);

    internal byte[] ReportedAtr() => Card is null || CardIsMute ? [] : Card.Atr;

    /// <summary>What status waits report for this reader, as of the last change (taken under the service lock by every
    /// change, read without it): a wait over 10,000 readers evaluates them all, and doing that inside the lock held up
    /// every other call of the service.</summary>
    internal PublishedState Published => _published;

    /// <summary>Called under the service lock after every change of the card, the counter or the connections.</summary>
    internal void Publish() => _published = new PublishedState(RawState(), ReportedAtr(), IsRemoved);

    /// <summary>One immutable view of the reader for status waits.</summary>
    internal sealed record PublishedState(uint Raw, byte[] Atr, bool Removed);
}
