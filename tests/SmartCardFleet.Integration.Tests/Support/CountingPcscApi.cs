using System.Collections.Concurrent;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Integration.Tests.Support;

/// <summary>
/// Wraps the native binding for the actor tests and counts what the station does with it: establish attempts (to
/// prove recovery backs off), contexts and card handles it holds (to prove nothing leaks), reconnects (to see the
/// acknowledgement of a reset) and transmits in flight per reader (to act only once a command is really on the card).
/// A context or handle counts as open from its successful creation until the station releases it, whatever the
/// release call returns: after a daemon crash the release fails, but the station has let go of it.
/// </summary>
internal sealed class CountingPcscApi(IPcscApi inner) : IPcscApi
{
    private readonly ConcurrentDictionary<nint, byte> _contexts = new();
    private readonly ConcurrentDictionary<nint, string> _handles = new();
    private readonly ConcurrentDictionary<string, int> _transmitsInFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Reader, CardDisposition Initialization)> _reconnects = new();
    private int _establishAttempts;

    public string Name => $"counting {inner.Name}";

    public int EstablishAttempts => Volatile.Read(ref _establishAttempts);

    public int OpenContexts => _contexts.Count;

    public int OpenHandles => _handles.Count;

    /// <summary>Every SCardReconnect made, with the reader it was made on.</summary>
    public IReadOnlyList<(string Reader, CardDisposition Initialization)> Reconnects => [.. _reconnects];

    public int TransmitsInFlight(string readerName) => _transmitsInFlight.GetValueOrDefault(readerName);

    public PcscError EstablishContext(PcscScope scope, out nint context)
    {
        Interlocked.Increment(ref _establishAttempts);
        var error = inner.EstablishContext(scope, out context);
        if (error == PcscError.Success)
        {
            _contexts.TryAdd(context, 0);
        }

        return error;
    }

    public PcscError ReleaseContext(nint context)
    {
        _contexts.TryRemove(context, out _);
        return inner.ReleaseContext(context);
    }

    public PcscError IsValidContext(nint context) => inner.IsValidContext(context);

    public PcscError ListReaders(nint context, string? groups, out IReadOnlyList<string> readers) =>
        inner.ListReaders(context, groups, out readers);

    public PcscError ListReaderGroups(nint context, out IReadOnlyList<string> groups) => inner.ListReaderGroups(context, out groups);

    public PcscError GetStatusChange(nint context, TimeSpan timeout, IReadOnlyList<ReaderStateEntry> states) =>
        inner.GetStatusChange(context, timeout, states);

    public PcscError Cancel(nint context) => inner.Cancel(context);

    public PcscError Connect(nint context, string reader, ShareMode shareMode, CardProtocol preferredProtocols,
        out nint card, out CardProtocol activeProtocol)
    {
        var error = inner.Connect(context, reader, shareMode, preferredProtocols, out card, out activeProtocol);
        if (error == PcscError.Success)
        {
            _handles[card] = reader;
        }

        return error;
    }

    public PcscError Reconnect(nint card, ShareMode shareMode, CardProtocol preferredProtocols, CardDisposition initialization,
        out CardProtocol activeProtocol)
    {
        _reconnects.Enqueue((_handles.GetValueOrDefault(card) ?? "?", initialization));
        return inner.Reconnect(card, shareMode, preferredProtocols, initialization, out activeProtocol);
    }

    public PcscError Disconnect(nint card, CardDisposition disposition)
    {
        _handles.TryRemove(card, out _);
        return inner.Disconnect(card, disposition);
    }

    public PcscError BeginTransaction(nint card) => inner.BeginTransaction(card);

    public PcscError EndTransaction(nint card, CardDisposition disposition) => inner.EndTransaction(card, disposition);

    public PcscError Status(nint card, out CardStatus status) => inner.Status(card, out status);

    public PcscError Transmit(nint card, CardProtocol protocol, ReadOnlySpan<byte> command, Span<byte> receiveBuffer,
        out int received)
    {
        var reader = _handles.GetValueOrDefault(card) ?? "?";
        _transmitsInFlight.AddOrUpdate(reader, 1, (_, n) => n + 1);
        try
        {
            return inner.Transmit(card, protocol, command, receiveBuffer, out received);
        }
        finally
        {
            _transmitsInFlight.AddOrUpdate(reader, 0, (_, n) => n - 1);
        }
    }

    public PcscError Control(nint card, uint controlCode, ReadOnlySpan<byte> input, Span<byte> output, out int received) =>
        inner.Control(card, controlCode, input, output, out received);

    public PcscError GetAttrib(nint card, uint attributeId, out byte[] value) => inner.GetAttrib(card, attributeId, out value);

    public PcscError SetAttrib(nint card, uint attributeId, ReadOnlySpan<byte> value) => inner.SetAttrib(card, attributeId, value);
}
