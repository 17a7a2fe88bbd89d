using System.Buffers;
using SmartCardFleet.Pcsc.SafeHandles;

namespace SmartCardFleet.Pcsc;

/// <summary>
/// A connected card handle. Disconnects exactly once, on Dispose (or the finalizer), with
/// <see cref="DisposeDisposition"/> (default <see cref="CardDisposition.Leave"/>: resetting or unpowering affects
/// every other process using the card). Methods throw <see cref="PcscException"/>.
/// </summary>
public sealed class CardConnection : IDisposable
{
    /// <summary>Largest response an extended APDU can carry: 65536 data bytes + SW1 SW2.</summary>
    public const int MaxResponseLength = 65538;

    private readonly CardHandle _handle;

    internal CardConnection(IPcscApi api, nint card, string readerName, ShareMode shareMode, CardProtocol protocol)
    {
        Api = api;
        _handle = new CardHandle(api, card);
        ReaderName = readerName;
        ShareMode = shareMode;
        ActiveProtocol = protocol;
    }

    public IPcscApi Api { get; }

    public string ReaderName { get; }

    public ShareMode ShareMode { get; private set; }

    public CardProtocol ActiveProtocol { get; private set; }

    /// <summary>The raw card handle for code that drops to the return-code level.</summary>
    public nint RawHandle => _handle.DangerousGetHandle();

    /// <summary>What SCardDisconnect does when this connection is disposed.</summary>
    public CardDisposition DisposeDisposition
    {
        get => _handle.Disposition;
        set => _handle.Disposition = value;
    }

    public bool IsDisposed => _handle.IsClosed;

    /// <summary>What SCardDisconnect returned after disposal (null before).</summary>
    public PcscError? DisconnectResult => _handle.ReleaseResult;

    /// <summary>Sends one APDU and returns the whole response (data + SW1 SW2), as the card sent it: 61xx and
    /// 6Cxx are not handled at this level.</summary>
    public byte[] Transmit(ReadOnlySpan<byte> command)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxResponseLength);
        try
        {
            var received = Transmit(command, buffer.AsSpan(0, MaxResponseLength));
            return buffer.AsSpan(0, received).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Sends one APDU into <paramref name="response"/> (at least 2 bytes) and returns the byte count.</summary>
    public int Transmit(ReadOnlySpan<byte> command, Span<byte> response)
    {
        using var lease = new HandleLease(_handle);
        Api.Transmit(lease.Value, ActiveProtocol, command, response, out var received)
            .ThrowIfFailed("SCardTransmit", PcscCallKind.Card);
        if (received < 2 && ActiveProtocol != CardProtocol.Raw)
        {
            // Any IPcscApi, not only the native one: a response without SW1 SW2 is data lost on the way.
            throw new PcscException(PcscError.CommDataLost, "SCardTransmit", PcscCallKind.Card);
        }

        return received;
    }

    /// <summary>SCardReconnect: acknowledges a reset (use <see cref="CardDisposition.Leave"/>) or resets the card.</summary>
    public void Reconnect(CardDisposition initialization = CardDisposition.Leave, ShareMode? shareMode = null,
        CardProtocol preferredProtocols = CardProtocol.Any)
    {
        var mode = shareMode ?? ShareMode;
        using var lease = new HandleLease(_handle);
        Api.Reconnect(lease.Value, mode, preferredProtocols, initialization, out var protocol)
            .ThrowIfFailed("SCardReconnect", PcscCallKind.Card);
        ShareMode = mode;
        ActiveProtocol = protocol;
    }

    public void BeginTransaction()
    {
        using var lease = new HandleLease(_handle);
        Api.BeginTransaction(lease.Value).ThrowIfFailed("SCardBeginTransaction", PcscCallKind.Card);
    }

    public void EndTransaction(CardDisposition disposition = CardDisposition.Leave)
    {
        using var lease = new HandleLease(_handle);
        Api.EndTransaction(lease.Value, disposition).ThrowIfFailed("SCardEndTransaction", PcscCallKind.Card);
    }

    public CardStatus Status()
    {
        using var lease = new HandleLease(_handle);
        Api.Status(lease.Value, out var status).ThrowIfFailed("SCardStatus", PcscCallKind.Card);
        return status;
    }

    /// <summary>SCardControl with a function number (e.g. <see cref="PcscControlCode.GetFeatureRequest"/>).</summary>
    public byte[] Control(uint functionNumber, ReadOnlySpan<byte> input, int maxOutputLength = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxOutputLength);
        var buffer = new byte[maxOutputLength];
        using var lease = new HandleLease(_handle);
        Api.Control(lease.Value, functionNumber, input, buffer, out var received)
            .ThrowIfFailed("SCardControl", PcscCallKind.Card);
        return buffer.AsSpan(0, received).ToArray();
    }

    /// <summary>The reader's PC/SC part-10 features (empty when the driver offers none).</summary>
    public ReaderFeatures GetFeatures()
    {
        using var lease = new HandleLease(_handle);
        var buffer = new byte[256];
        var rc = Api.Control(lease.Value, PcscControlCode.GetFeatureRequest, [], buffer, out var received);
        if (PcscErrorClassifier.Classify(rc) == PcscErrorClass.Unsupported)
        {
            return ReaderFeatures.None;
        }

        rc.ThrowIfFailed("SCardControl(GET_FEATURE_REQUEST)", PcscCallKind.Card);
        return ReaderFeatures.Parse(buffer.AsSpan(0, received));
    }

    public byte[] GetAttrib(uint attributeId)
    {
        using var lease = new HandleLease(_handle);
        Api.GetAttrib(lease.Value, attributeId, out var value).ThrowIfFailed("SCardGetAttrib", PcscCallKind.Card);
        return value;
    }

    public void SetAttrib(uint attributeId, ReadOnlySpan<byte> value)
    {
        using var lease = new HandleLease(_handle);
        Api.SetAttrib(lease.Value, attributeId, value).ThrowIfFailed("SCardSetAttrib", PcscCallKind.Card);
    }

    /// <summary>Disconnects now with <paramref name="disposition"/>; same as setting
    /// <see cref="DisposeDisposition"/> and disposing.</summary>
    public void Disconnect(CardDisposition disposition)
    {
        DisposeDisposition = disposition;
        Dispose();
    }

    public void Dispose() => _handle.Dispose();
}
