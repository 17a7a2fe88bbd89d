using System.Text;

namespace SmartCardFleet.Pcsc.Interop;

/// <summary>
/// What every native binding does the same way: the sizing/fetch loops, buffer clamps and protocol/PCI choice.
/// Platform classes supply the raw calls (type widths, string encodings) and the encodings that differ.
/// </summary>
internal abstract class NativePcscApi : IPcscApi
{
    /// <summary>Extended APDU response (65536 data + SW); larger receive buffers broke older pcsc-lite (PCSC#137).</summary>
    public const int MaxTransmitReceive = 65538;

    /// <summary>Larger escape buffers failed on Windows (pyscard#19).</summary>
    public const int MaxControlReceive = 65536;

    /// <summary>MAX_READERNAME: enough for every reader name we have seen, so Status rarely needs a second call.</summary>
    private const int InitialReaderNameUnits = 128;

    /// <summary>The reader list may change between the sizing and the fetch call; give up after this many tries.</summary>
    private const int MaxSizingAttempts = 8;

    protected NativePcscApi()
        : this(LoadLibraryAndResolvePci())
    {
    }

    /// <summary>For tests that script the raw calls without a native library.</summary>
    protected NativePcscApi(PcscPciExports pci) => Pci = pci;

    public abstract string Name { get; }

    protected PcscPciExports Pci { get; }

    /// <summary>Bytes per character of the platform's strings (1 for UTF-8, 2 for UTF-16).</summary>
    protected abstract int CharSize { get; }

    /// <summary>Size of the ATR buffer the platform's structs and calls use.</summary>
    protected abstract int AtrBufferSize { get; }

    public abstract PcscError EstablishContext(PcscScope scope, out nint context);

    public abstract PcscError ReleaseContext(nint context);

    public abstract PcscError IsValidContext(nint context);

    public abstract PcscError GetStatusChange(nint context, TimeSpan timeout, IReadOnlyList<ReaderStateEntry> states);

    public abstract PcscError Cancel(nint context);

    public abstract PcscError Connect(nint context, string reader, ShareMode shareMode, CardProtocol preferredProtocols,
        out nint card, out CardProtocol activeProtocol);

    public abstract PcscError Reconnect(nint card, ShareMode shareMode, CardProtocol preferredProtocols,
        CardDisposition initialization, out CardProtocol activeProtocol);

    public abstract PcscError Disconnect(nint card, CardDisposition disposition);

    public abstract PcscError BeginTransaction(nint card);

    public abstract PcscError EndTransaction(nint card, CardDisposition disposition);

    public abstract PcscError SetAttrib(nint card, uint attributeId, ReadOnlySpan<byte> value);

    public PcscError ListReaders(nint context, string? groups, out IReadOnlyList<string> readers) =>
        FetchMultiString((Span<byte> buffer, ref int units) => ListReadersCore(context, groups, buffer, ref units),
            out readers);

    public PcscError ListReaderGroups(nint context, out IReadOnlyList<string> groups) =>
        FetchMultiString((Span<byte> buffer, ref int units) => ListReaderGroupsCore(context, buffer, ref units),
            out groups);

    public PcscError Status(nint card, out CardStatus status)
    {
        status = new CardStatus(string.Empty, CardState.None, CardProtocol.Undefined, []);
        var nameUnits = InitialReaderNameUnits;
        var atrLength = AtrBufferSize;
        for (var attempt = 0; attempt < MaxSizingAttempts; attempt++)
        {
            var name = new byte[nameUnits * CharSize];
            var atr = new byte[atrLength];
            var gotUnits = nameUnits;
            var gotAtr = atrLength;
            var rc = StatusCore(card, name, ref gotUnits, out var rawState, out var rawProtocol, atr, ref gotAtr);
            if (rc == PcscError.InsufficientBuffer || rc == PcscError.InsufficientBufferWin32)
            {
                nameUnits = Math.Max(gotUnits, nameUnits * 2);
                atrLength = Math.Max(gotAtr, atrLength);
                continue;
            }

            if (rc != PcscError.Success)
            {
                return rc;
            }

            var names = MultiString.Parse(Decode(name.AsSpan(0, Math.Min(gotUnits, nameUnits) * CharSize)));
            status = new CardStatus(names.Count > 0 ? names[0] : string.Empty, MapCardState(rawState),
                FromNativeProtocol(rawProtocol), atr.AsSpan(0, Math.Clamp(gotAtr, 0, atr.Length)).ToArray());
            return PcscError.Success;
        }

        return PcscError.InsufficientBuffer;
    }

    public PcscError Transmit(nint card, CardProtocol protocol, ReadOnlySpan<byte> command, Span<byte> receiveBuffer,
        out int received)
    {
        received = 0;
        if (receiveBuffer.Length < 2)
        {
            // Room for SW1 SW2 is the minimum; pcsc-lite has no SCARD_AUTOALLOCATE for SCardTransmit.
            return PcscError.InsufficientBuffer;
        }

        if (command.IsEmpty)
        {
            return PcscError.InvalidParameter;
        }

        if (!Pci.TryGet(protocol, out var pci))
        {
            return PcscError.ProtoMismatch;
        }

        var clamped = receiveBuffer.Length > MaxTransmitReceive ? receiveBuffer[..MaxTransmitReceive] : receiveBuffer;
        var rc = TransmitCore(card, pci, command, clamped, out received);
        if (rc == PcscError.Success && received < 2 && protocol != CardProtocol.Raw)
        {
            // pcscd + vpcd answer "success, 0 bytes" when the card closes its connection mid-command (a graceful
            // close; a reset connection gives NOT_TRANSACTED). A T=0/T=1 response always ends in SW1 SW2.
            received = 0;
            return PcscError.CommDataLost;
        }

        return rc;
    }

    public PcscError Control(nint card, uint controlCode, ReadOnlySpan<byte> input, Span<byte> output, out int received)
    {
        var clamped = output.Length > MaxControlReceive ? output[..MaxControlReceive] : output;
        return ControlCore(card, EncodeControlCode(controlCode), input, clamped, out received);
    }

    public PcscError GetAttrib(nint card, uint attributeId, out byte[] value)
    {
        value = [];
        for (var attempt = 0; attempt < MaxSizingAttempts; attempt++)
        {
            var length = 0;
            var rc = GetAttribCore(card, attributeId, [], ref length);
            if (rc != PcscError.Success)
            {
                return rc;
            }

            var buffer = new byte[length];
            rc = GetAttribCore(card, attributeId, buffer, ref length);
            if (rc == PcscError.InsufficientBuffer || rc == PcscError.InsufficientBufferWin32)
            {
                continue;
            }

            if (rc == PcscError.Success)
            {
                value = buffer.AsSpan(0, Math.Clamp(length, 0, buffer.Length)).ToArray();
            }

            return rc;
        }

        return PcscError.InsufficientBuffer;
    }

    /// <summary>Raw SCardListReaders: an empty <paramref name="buffer"/> asks for the size (NULL buffer).</summary>
    protected abstract PcscError ListReadersCore(nint context, string? groups, Span<byte> buffer, ref int units);

    protected abstract PcscError ListReaderGroupsCore(nint context, Span<byte> buffer, ref int units);

    protected abstract PcscError StatusCore(nint card, Span<byte> name, ref int nameUnits, out uint state,
        out uint protocol, Span<byte> atr, ref int atrLength);

    protected abstract PcscError TransmitCore(nint card, nint sendPci, ReadOnlySpan<byte> command, Span<byte> receive,
        out int received);

    protected abstract PcscError ControlCore(nint card, uint encodedControlCode, ReadOnlySpan<byte> input,
        Span<byte> output, out int received);

    /// <summary>Raw SCardGetAttrib: an empty <paramref name="buffer"/> asks for the size (NULL buffer).</summary>
    protected abstract PcscError GetAttribCore(nint card, uint attributeId, Span<byte> buffer, ref int length);

    protected abstract string Decode(ReadOnlySpan<byte> bytes);

    protected abstract CardState MapCardState(uint nativeState);

    protected abstract uint ToNativeProtocol(CardProtocol protocol);

    protected abstract CardProtocol FromNativeProtocol(uint nativeProtocol);

    protected abstract uint EncodeControlCode(uint functionNumber);

    protected static byte[] EncodeUtf8Z(string value)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        return bytes;
    }

    private static PcscPciExports LoadLibraryAndResolvePci()
    {
        PcscNativeLibrary.EnsureRegistered();
        return PcscPciExports.Resolve();
    }

    private PcscError FetchMultiString(MultiStringCall call, out IReadOnlyList<string> values)
    {
        values = [];
        for (var attempt = 0; attempt < MaxSizingAttempts; attempt++)
        {
            var units = 0;
            var rc = call([], ref units);
            if (rc == PcscError.NoReadersAvailable)
            {
                return PcscError.Success;
            }

            if (rc != PcscError.Success)
            {
                return rc;
            }

            var buffer = new byte[units * CharSize];
            rc = call(buffer, ref units);
            if (rc == PcscError.InsufficientBuffer || rc == PcscError.InsufficientBufferWin32)
            {
                // A reader arrived between the two calls: size again.
                continue;
            }

            if (rc == PcscError.NoReadersAvailable)
            {
                return PcscError.Success;
            }

            if (rc == PcscError.Success)
            {
                values = MultiString.Parse(Decode(buffer.AsSpan(0, Math.Clamp(units, 0, buffer.Length / CharSize) * CharSize)));
            }

            return rc;
        }

        return PcscError.InsufficientBuffer;
    }

    private delegate PcscError MultiStringCall(Span<byte> buffer, ref int units);
}
