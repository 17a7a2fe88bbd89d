using System.Collections.Concurrent;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Tests.Support;

/// <summary>Passes every call to the simulated PC/SC, but while armed makes Transmit on one reader's handles throw
/// (a bug inside the reader actor, to observe supervision) or return a chosen code the simulator cannot produce
/// (e.g. an environment fault). Not a simulator: it adds nothing besides the injected outcome.</summary>
internal sealed class FaultInjectingPcsc(IPcscApi inner) : IPcscApi
{
    private readonly ConcurrentDictionary<nint, string> _readerOfHandle = new();
    private int _crashesLeft;
    private int _listReadersCalls;
    private volatile string? _crashReader;
    private volatile string? _failReader;
    private string? _crashBeginReader;
    private PcscError _failWith;

    public string Name => inner.Name;

    public void CrashNextTransmits(string readerName, int count)
    {
        _crashReader = readerName;
        Volatile.Write(ref _crashesLeft, count);
    }

    /// <summary>Every following Transmit on <paramref name="readerName"/> answers <paramref name="error"/>.</summary>
    public void FailTransmits(string readerName, PcscError error)
    {
        _failWith = error;
        _failReader = readerName;
    }

    public PcscError Transmit(nint card, CardProtocol protocol, ReadOnlySpan<byte> command, Span<byte> receiveBuffer, out int received)
    {
        if (_readerOfHandle.TryGetValue(card, out var failing) && failing == _failReader)
        {
            received = 0;
            return _failWith;
        }

        if (_readerOfHandle.TryGetValue(card, out var reader) && reader == _crashReader && Interlocked.Decrement(ref _crashesLeft) >= 0)
        {
            throw new InvalidOperationException($"injected fault on {reader}");
        }

        return inner.Transmit(card, protocol, command, receiveBuffer, out received);
    }

    public PcscError Connect(nint context, string reader, ShareMode shareMode, CardProtocol preferredProtocols, out nint card,
        out CardProtocol activeProtocol)
    {
        var error = inner.Connect(context, reader, shareMode, preferredProtocols, out card, out activeProtocol);
        if (error == PcscError.Success)
        {
            _readerOfHandle[card] = reader;
        }

        return error;
    }

    public PcscError EstablishContext(PcscScope scope, out nint context) => inner.EstablishContext(scope, out context);

    public PcscError ReleaseContext(nint context) => inner.ReleaseContext(context);

    public PcscError IsValidContext(nint context) => inner.IsValidContext(context);

    /// <summary>SCardListReaders calls so far (counted as each call starts): a spec waits on polls, not on time.</summary>
    public int ListReadersCalls => Volatile.Read(ref _listReadersCalls);

    public PcscError ListReaders(nint context, string? groups, out IReadOnlyList<string> readers)
    {
        Interlocked.Increment(ref _listReadersCalls);
        return inner.ListReaders(context, groups, out readers);
    }

    public PcscError ListReaderGroups(nint context, out IReadOnlyList<string> groups) => inner.ListReaderGroups(context, out groups);

    /// <summary>Plays a platform without <c>\\?PnP?\Notification</c> (macOS 10.6–10.12, some remote stacks): the
    /// PnP entry always reports UNKNOWN and never wakes a wait.</summary>
    public bool HidePnp { get; set; }

    public PcscError GetStatusChange(nint context, TimeSpan timeout, IReadOnlyList<ReaderStateEntry> states)
    {
        if (!HidePnp || !states.Any(s => s.IsPnp))
        {
            return inner.GetStatusChange(context, timeout, states);
        }

        foreach (var pnp in states.Where(s => s.IsPnp))
        {
            pnp.EventState = (uint)(ReaderStateFlags.Unknown | ReaderStateFlags.Changed);
        }

        var readers = states.Where(s => !s.IsPnp).ToList();
        return readers.Count == 0 ? PcscError.Success : inner.GetStatusChange(context, timeout, readers);
    }

    public PcscError Cancel(nint context) => inner.Cancel(context);

    public PcscError Reconnect(nint card, ShareMode shareMode, CardProtocol preferredProtocols, CardDisposition initialization,
        out CardProtocol activeProtocol) => inner.Reconnect(card, shareMode, preferredProtocols, initialization, out activeProtocol);

    public PcscError Disconnect(nint card, CardDisposition disposition)
    {
        _readerOfHandle.TryRemove(card, out _);
        return inner.Disconnect(card, disposition);
    }

    /// <summary>The next BeginTransaction on <paramref name="readerName"/>'s handles throws (a bug in the binding, seen
    /// on the reader's lock-wait thread).</summary>
    public void CrashNextBeginTransaction(string readerName) => _crashBeginReader = readerName;

    public PcscError BeginTransaction(nint card)
    {
        if (_readerOfHandle.TryGetValue(card, out var reader) && reader == Interlocked.CompareExchange(ref _crashBeginReader, null, reader))
        {
            throw new InvalidOperationException($"injected fault in SCardBeginTransaction on {reader}");
        }

        return inner.BeginTransaction(card);
    }

    public PcscError EndTransaction(nint card, CardDisposition disposition) => inner.EndTransaction(card, disposition);

    public PcscError Status(nint card, out CardStatus status) => inner.Status(card, out status);

    public PcscError Control(nint card, uint controlCode, ReadOnlySpan<byte> input, Span<byte> output, out int received) =>
        inner.Control(card, controlCode, input, output, out received);

    public PcscError GetAttrib(nint card, uint attributeId, out byte[] value) => inner.GetAttrib(card, attributeId, out value);

    public PcscError SetAttrib(nint card, uint attributeId, ReadOnlySpan<byte> value) => inner.SetAttrib(card, attributeId, value);
}
