using SmartCardFleet.Pcsc;

namespace SmartCardFleet.VirtualCards.Simulation;

/// <summary>
/// An in-process PC/SC resource manager with pcsc-lite semantics (docs/pcsc-notes.md §2, §3, §5, §7, §9), for tests and
/// demos of the reader actors without pcscd. Calls block like the real ones (GetStatusChange, a transaction held
/// by another handle, a card's latency) on the caller's thread.
/// Choices where pcsc-lite leaves room: Eject on a reader without <see cref="SimulatedReader.CanEject"/> acts as
/// Unpower; a second GetStatusChange on a context already waiting gets InvalidParameter; Unpower is a cold reset
/// (the card is powered again at once); event counters survive <see cref="StopService"/>.
/// </summary>
/// <remarks>
/// This class is the <see cref="IPcscApi"/> facade over collaborators that own the state: <see cref="ReaderRegistry"/>
/// (readers and card life), <see cref="ContextTable"/> (contexts, service up/down), <see cref="HandleTable"/>
/// (connections, sharing, waiting out another handle's transaction), <see cref="CardAccess"/> (transactions and
/// exchanges), <see cref="StatusWait"/> and <see cref="StatusSignals"/> (GetStatusChange).
/// </remarks>
public sealed class SimulatedPcsc : IPcscApi
{
    // Lock discipline: ONE monitor, _gate, guards every collaborator's state and that of SimulatedReader, SimContext
    // and SimHandle; there is no other lock over that state, so no lock order to get wrong. A collaborator's public
    // operation takes the gate itself; a member documented "under the gate" expects its caller to hold it, and never
    // takes it again. Nothing runs foreign code under the gate: a card's exchange and a reader's control handler run
    // outside it (a reader's ExchangeLock serialises exchanges with one card), and callers re-check state after.
    // Two kinds of blocking: a call waiting for another handle's transaction waits on the gate's own monitor
    // (Monitor.Wait, woken by Monitor.PulseAll wherever a lock or handle goes); a status wait waits on its waiter's
    // ManualResetEventSlim, set under the gate by StatusSignals. Status evaluations read each reader's immutable
    // published state without the gate, which every change republishes under the gate before it signals.
    private readonly object _gate = new();
    private readonly ReaderRegistry _readers;
    private readonly ContextTable _contexts;
    private readonly HandleTable _handles;
    private readonly CardAccess _cards;
    private readonly StatusWait _statusWait;

    public SimulatedPcsc(SimulatedPcscOptions? options = null)
    {
        options ??= new SimulatedPcscOptions();
        var signals = new StatusSignals();
        _readers = new ReaderRegistry(_gate, options, signals);
        _contexts = new ContextTable(_gate, options);
        _handles = new HandleTable(_gate, _contexts, _readers, signals);
        _cards = new CardAccess(_gate, _handles, _readers);
        _statusWait = new StatusWait(_gate, _contexts, _readers, signals);
    }

    public string Name => "simulated";

    public IReadOnlyList<SimulatedReader> Readers
    {
        get
        {
            lock (_gate)
            {
                return [.. _readers.All];
            }
        }
    }

    public bool IsServiceRunning => _contexts.IsServiceRunning;

    public int OpenContextCount => _contexts.Count;

    public int OpenCardHandleCount => _handles.Count;

    public int EstablishContextAttempts => _contexts.EstablishAttempts;

    /// <summary>GetStatusChange calls blocked right now: lets a test act only once a wait is really waiting,
    /// instead of sleeping and hoping.</summary>
    public int BlockedStatusWaits => _statusWait.BlockedStatusWaits;

    /// <summary>Calls (Connect, BeginTransaction, Transmit, Control) blocked behind another handle's transaction right now.</summary>
    public int BlockedTransactionWaits => _handles.BlockedLockWaits;

    /// <summary>Card exchanges running right now (a Transmit inside the card's latency).</summary>
    public int ExchangesInFlight => _cards.ExchangesInFlight;

    /// <summary>Plugs in a reader; waits that include the PnP entry wake up.</summary>
    public SimulatedReader AddReader(string name) => _readers.Add(name);

    /// <summary>Unplugs a reader: its handles report ReaderUnavailable, waits on it see
    /// Unknown|Unavailable|Changed, and the next call naming it fails with UnknownReader.</summary>
    public void RemoveReader(string name) => _readers.Remove(name);

    public SimulatedReader GetReader(string name) => _readers.Get(name);

    /// <summary>pcscd is killed: every existing context and handle answers NoService from now on (blocked calls
    /// return at once), IsValidContext still says Success, EstablishContext fails until <see cref="StartService"/>.</summary>
    public void StopService()
    {
        lock (_gate)
        {
            _contexts.StopService();
            _readers.ForgetConnections();
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>pcscd is back: new contexts work; contexts from before stay dead forever.</summary>
    public void StartService()
    {
        lock (_gate)
        {
            _contexts.StartService();
        }
    }

    public PcscError EstablishContext(PcscScope scope, out nint context) => _contexts.Establish(scope, out context);

    /// <summary>Frees the context and its handles in every case (a dead one answers NoService but is freed too,
    /// as pcsc-lite's client does).</summary>
    public PcscError ReleaseContext(nint context)
    {
        lock (_gate)
        {
            if (!_contexts.Remove(context, out var released))
            {
                return PcscError.InvalidHandle;
            }

            _handles.DropAll(released);
            released.Waiter?.Signal.Set();
            return released.Dead ? PcscError.NoService : PcscError.Success;
        }
    }

    public PcscError IsValidContext(nint context) => _contexts.IsValid(context);

    public PcscError ListReaders(nint context, string? groups, out IReadOnlyList<string> readers)
    {
        readers = [];
        lock (_gate)
        {
            var check = _contexts.Check(context, out _);
            if (check != PcscError.Success)
            {
                return check;
            }

            readers = [.. _readers.All.Select(r => r.Name)];
            return PcscError.Success;
        }
    }

    public PcscError ListReaderGroups(nint context, out IReadOnlyList<string> groups)
    {
        groups = [];
        lock (_gate)
        {
            var check = _contexts.Check(context, out _);
            if (check == PcscError.Success)
            {
                groups = ["SCard$DefaultReaders"];
            }

            return check;
        }
    }

    public PcscError Cancel(nint context) => _contexts.Cancel(context);

    /// <inheritdoc cref="StatusWait.Wait"/>
    public PcscError GetStatusChange(nint context, TimeSpan timeout, IReadOnlyList<ReaderStateEntry> states) =>
        _statusWait.Wait(context, timeout, states);

    public PcscError Connect(nint context, string reader, ShareMode shareMode, CardProtocol preferredProtocols,
        out nint card, out CardProtocol activeProtocol) =>
        _handles.Connect(context, reader, shareMode, preferredProtocols, out card, out activeProtocol);

    public PcscError Reconnect(nint card, ShareMode shareMode, CardProtocol preferredProtocols,
        CardDisposition initialization, out CardProtocol activeProtocol) =>
        _handles.Reconnect(card, shareMode, preferredProtocols, initialization, out activeProtocol);

    public PcscError Disconnect(nint card, CardDisposition disposition) => _handles.Disconnect(card, disposition);

    public PcscError Status(nint card, out CardStatus status) => _handles.Status(card, out status);

    public PcscError BeginTransaction(nint card) => _cards.BeginTransaction(card);

    public PcscError EndTransaction(nint card, CardDisposition disposition) => _cards.EndTransaction(card, disposition);

    /// <inheritdoc cref="CardAccess.Transmit"/>
    public PcscError Transmit(nint card, CardProtocol protocol, ReadOnlySpan<byte> command, Span<byte> receiveBuffer,
        out int received) =>
        _cards.Transmit(card, protocol, command, receiveBuffer, out received);

    /// <inheritdoc cref="CardAccess.Control"/>
    public PcscError Control(nint card, uint controlCode, ReadOnlySpan<byte> input, Span<byte> output, out int received) =>
        _cards.Control(card, controlCode, input, output, out received);

    /// <inheritdoc cref="CardAccess.GetAttrib"/>
    public PcscError GetAttrib(nint card, uint attributeId, out byte[] value) => _cards.GetAttrib(card, attributeId, out value);

    public PcscError SetAttrib(nint card, uint attributeId, ReadOnlySpan<byte> value) => _cards.SetAttrib(card, attributeId, value);
}
