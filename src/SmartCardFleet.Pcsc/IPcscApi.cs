namespace SmartCardFleet.Pcsc;

/// <summary>
/// The seam between SmartCardFleet and a PC/SC resource manager: the native binding implements it over
/// libpcsclite/winscard/PCSC.framework, the simulated PC/SC in SmartCardFleet.VirtualCards implements it in
/// process. It is the return-code level: every call returns the exact <see cref="PcscError"/> and never throws
/// for a PC/SC failure, so actors can turn errors into messages without exceptions in the hot loop.
/// Handles are opaque <see cref="nint"/> values that are only meaningful to the implementation that issued them.
/// Platform differences (type widths, W entry points, ordinal card states, RAW protocol value, control-code
/// encoding) are normalised inside implementations.
/// </summary>
public interface IPcscApi
{
    /// <summary>A name for logs: "pcsc-lite", "winscard", "PCSC.framework", "simulated".</summary>
    string Name { get; }

    PcscError EstablishContext(PcscScope scope, out nint context);

    PcscError ReleaseContext(nint context);

    /// <summary>Checks only what the client library knows: pcsc-lite says Success for a context whose daemon died.</summary>
    PcscError IsValidContext(nint context);

    /// <summary>Lists readers; retries internally when the list changes between sizing and fetching.
    /// <see cref="PcscError.NoReadersAvailable"/> is returned as Success with an empty list.</summary>
    PcscError ListReaders(nint context, string? groups, out IReadOnlyList<string> readers);

    PcscError ListReaderGroups(nint context, out IReadOnlyList<string> groups);

    /// <summary>Blocks up to <paramref name="timeout"/> (<see cref="Timeout.InfiniteTimeSpan"/> for infinite) until a
    /// state in <paramref name="states"/> differs from its <see cref="ReaderStateEntry.CurrentState"/>; fills
    /// <see cref="ReaderStateEntry.EventState"/> and <see cref="ReaderStateEntry.Atr"/>.</summary>
    PcscError GetStatusChange(nint context, TimeSpan timeout, IReadOnlyList<ReaderStateEntry> states);

    /// <summary>The only call allowed from another thread: ends a blocking GetStatusChange on the same context.</summary>
    PcscError Cancel(nint context);

    PcscError Connect(nint context, string reader, ShareMode shareMode, CardProtocol preferredProtocols,
        out nint card, out CardProtocol activeProtocol);

    PcscError Reconnect(nint card, ShareMode shareMode, CardProtocol preferredProtocols,
        CardDisposition initialization, out CardProtocol activeProtocol);

    PcscError Disconnect(nint card, CardDisposition disposition);

    PcscError BeginTransaction(nint card);

    PcscError EndTransaction(nint card, CardDisposition disposition);

    /// <summary>Reader name, normalised card state, active protocol and ATR of a connected card; retries with a
    /// larger buffer when the reader name or ATR does not fit.</summary>
    PcscError Status(nint card, out CardStatus status);

    /// <summary>One APDU exchange. <paramref name="receiveBuffer"/> must hold at least 2 bytes; it is clamped to
    /// the largest size every supported pcsc-lite accepts (65538). A T=0/T=1 "success" with fewer than 2 bytes
    /// (pcscd + vpcd when the card leaves mid-command) is reported as <see cref="PcscError.CommDataLost"/>.</summary>
    PcscError Transmit(nint card, CardProtocol protocol, ReadOnlySpan<byte> command, Span<byte> receiveBuffer,
        out int received);

    /// <summary>SCardControl. <paramref name="controlCode"/> is the function number (e.g. 3400 for
    /// CM_IOCTL_GET_FEATURE_REQUEST); the platform's SCARD_CTL_CODE encoding is applied inside.</summary>
    PcscError Control(nint card, uint controlCode, ReadOnlySpan<byte> input, Span<byte> output, out int received);

    PcscError GetAttrib(nint card, uint attributeId, out byte[] value);

    PcscError SetAttrib(nint card, uint attributeId, ReadOnlySpan<byte> value);
}
