using SmartCardFleet.Pcsc.SafeHandles;

namespace SmartCardFleet.Pcsc;

/// <summary>
/// An established PC/SC context over any <see cref="IPcscApi"/> (native or simulated). Methods throw
/// <see cref="PcscException"/>; the context is released exactly once, by Dispose or the finalizer. Like the
/// underlying API, a context belongs to one thread at a time, except <see cref="Cancel"/>.
/// </summary>
public sealed class PcscContext : IDisposable
{
    /// <summary>How long Dispose keeps cancelling a wait that has not reached the daemon yet.</summary>
    private static readonly TimeSpan CancelGrace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan CancelRetry = TimeSpan.FromMilliseconds(20);

    private readonly PcscContextHandle _handle;
    private int _activeWaits;

    private PcscContext(IPcscApi api, nint context)
    {
        Api = api;
        _handle = new PcscContextHandle(api, context);
    }

    public IPcscApi Api { get; }

    /// <summary>The raw context value for code that drops to the return-code level (e.g. a monitor loop).</summary>
    public nint RawHandle => _handle.DangerousGetHandle();

    public bool IsDisposed => _handle.IsClosed;

    /// <summary>What SCardReleaseContext returned after disposal (null before).</summary>
    public PcscError? ReleaseResult => _handle.ReleaseResult;

    /// <summary>SCardEstablishContext. Throws <see cref="PcscException"/> (NoService when the daemon is down).</summary>
    public static PcscContext Establish(IPcscApi api, PcscScope scope = PcscScope.System)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.EstablishContext(scope, out var context).ThrowIfFailed("SCardEstablishContext", PcscCallKind.Context);
        return new PcscContext(api, context);
    }

    /// <summary>SCardIsValidContext. pcsc-lite answers from a client-side table: true after a daemon crash too.</summary>
    public bool IsValid()
    {
        using var lease = new HandleLease(_handle);
        return Api.IsValidContext(lease.Value) == PcscError.Success;
    }

    /// <summary>Reader names; an empty list when the service has none.</summary>
    public IReadOnlyList<string> ListReaders(string? groups = null)
    {
        using var lease = new HandleLease(_handle);
        Api.ListReaders(lease.Value, groups, out var readers).ThrowIfFailed("SCardListReaders", PcscCallKind.Context);
        return readers;
    }

    public IReadOnlyList<string> ListReaderGroups()
    {
        using var lease = new HandleLease(_handle);
        Api.ListReaderGroups(lease.Value, out var groups).ThrowIfFailed("SCardListReaderGroups", PcscCallKind.Context);
        return groups;
    }

    /// <summary>SCardGetStatusChange: blocks the calling thread (never call it on the ThreadPool with a long
    /// timeout). Timeout and cancellation are results, every other failure throws.</summary>
    public StatusChangeResult GetStatusChange(TimeSpan timeout, IReadOnlyList<ReaderStateEntry> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        using var lease = new HandleLease(_handle);
        Interlocked.Increment(ref _activeWaits);
        PcscError rc;
        try
        {
            rc = Api.GetStatusChange(lease.Value, timeout, states);
        }
        finally
        {
            Interlocked.Decrement(ref _activeWaits);
        }

        return rc switch
        {
            PcscError.Success => StatusChangeResult.Changed,
            PcscError.Timeout => StatusChangeResult.TimedOut,
            PcscError.Cancelled => StatusChangeResult.Cancelled,
            _ => throw new PcscException(rc, "SCardGetStatusChange", PcscCallKind.Context),
        };
    }

    /// <summary>SCardCancel: the one call allowed from another thread; ends a blocking GetStatusChange.</summary>
    public void Cancel()
    {
        using var lease = new HandleLease(_handle);
        Api.Cancel(lease.Value).ThrowIfFailed("SCardCancel", PcscCallKind.Context);
    }

    /// <summary>SCardConnect. The returned connection owns the card handle.</summary>
    public CardConnection Connect(string reader, ShareMode shareMode = ShareMode.Shared,
        CardProtocol preferredProtocols = CardProtocol.Any)
    {
        ArgumentException.ThrowIfNullOrEmpty(reader);
        using var lease = new HandleLease(_handle);
        Api.Connect(lease.Value, reader, shareMode, preferredProtocols, out var card, out var protocol)
            .ThrowIfFailed("SCardConnect", PcscCallKind.Context);
        return new CardConnection(Api, card, reader, shareMode, protocol);
    }

    /// <summary>Releases the context. A wait still blocked on it is cancelled first (for up to 2 s): releasing under a
    /// running wait is a use-after-free in pcsc-lite, so the release itself happens once the wait has returned.</summary>
    public void Dispose()
    {
        if (_handle.IsClosed)
        {
            return;
        }

        // SCardCancel only ends a wait that is already inside the daemon; one issued just before the call gets
        // there is lost, so repeat it (bounded) until the wait has returned.
        var raw = _handle.DangerousGetHandle();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (Volatile.Read(ref _activeWaits) > 0 && clock.Elapsed < CancelGrace)
        {
            Api.Cancel(raw);
            SpinWait.SpinUntil(() => Volatile.Read(ref _activeWaits) == 0, CancelRetry);
        }

        _handle.Dispose();
    }
}
