using System.Text;

namespace SmartCardFleet.Pcsc.Interop;

/// <summary>
/// What every native binding does the same way: argument and result handling, the sizing/fetch loops
/// (<c>NativePcscApi.Sizing.cs</c>), the SCardGetStatusChange marshalling (<c>NativePcscApi.StatusChange.cs</c>),
/// buffer clamps and protocol/PCI choice. Platform classes supply only what differs: the raw calls (type widths,
/// string encodings, entry points), their SCARD_READERSTATE and, for winscard, the value encodings.
/// </summary>
/// <remarks>
/// The raw calls (<c>*Core</c>) take 32-bit DWORDs and pointers the caller has pinned; a null buffer asks for the
/// size. That is winscard's and PCSC.framework's own shape; pcsc-lite widens to <c>unsigned long</c> at its seam.
/// </remarks>
internal abstract unsafe partial class NativePcscApi<TReaderState> : IPcscApi
    where TReaderState : unmanaged, IReaderStateStruct<TReaderState>
{
    /// <summary>Extended APDU response (65536 data + SW); larger receive buffers broke older pcsc-lite (PCSC#137).</summary>
    public const int MaxTransmitReceive = CardConnection.MaxResponseLength;

    /// <summary>Larger escape buffers failed on Windows (pyscard#19).</summary>
    public const int MaxControlReceive = 65536;

    protected NativePcscApi()
        : this(LoadLibraryAndResolvePci())
    {
    }

    /// <summary>For tests that script the raw calls without a native library.</summary>
    protected NativePcscApi(PcscPciExports pci) => Pci = pci;

    public abstract string Name { get; }

    protected PcscPciExports Pci { get; }

    /// <summary>Bytes per character of the platform's strings: 1 for UTF-8 (pcsc-lite, macOS), 2 for UTF-16.</summary>
    protected virtual int CharSize => 1;

    public abstract PcscError ReleaseContext(nint context);

    public abstract PcscError IsValidContext(nint context);

    public abstract PcscError Cancel(nint context);

    public abstract PcscError Disconnect(nint card, CardDisposition disposition);

    public abstract PcscError BeginTransaction(nint card);

    public abstract PcscError EndTransaction(nint card, CardDisposition disposition);

    public PcscError EstablishContext(PcscScope scope, out nint context)
    {
        nint handle = 0;
        var rc = EstablishContextCore((uint)scope, &handle);
        context = rc == PcscError.Success ? handle : 0;
        return rc;
    }

    public PcscError Connect(nint context, string reader, ShareMode shareMode, CardProtocol preferredProtocols,
        out nint card, out CardProtocol activeProtocol)
    {
        ArgumentNullException.ThrowIfNull(reader);
        nint handle = 0;
        uint protocol = 0;
        var rc = ConnectCore(context, reader, (uint)shareMode, ToNativeProtocol(preferredProtocols), &handle, &protocol);
        card = rc == PcscError.Success ? handle : 0;
        activeProtocol = rc == PcscError.Success ? FromNativeProtocol(protocol) : CardProtocol.Undefined;
        return rc;
    }

    public PcscError Reconnect(nint card, ShareMode shareMode, CardProtocol preferredProtocols,
        CardDisposition initialization, out CardProtocol activeProtocol)
    {
        uint protocol = 0;
        var rc = ReconnectCore(card, (uint)shareMode, ToNativeProtocol(preferredProtocols), (uint)initialization,
            &protocol);
        activeProtocol = rc == PcscError.Success ? FromNativeProtocol(protocol) : CardProtocol.Undefined;
        return rc;
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
        var length = (uint)clamped.Length;
        PcscError rc;
        fixed (byte* send = command)
        fixed (byte* recv = clamped)
        {
            rc = TransmitCore(card, pci, send, (uint)command.Length, recv, &length);
        }

        received = rc == PcscError.Success ? (int)length : 0;
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
        uint returned = 0;
        PcscError rc;
        fixed (byte* send = input)
        fixed (byte* recv = clamped)
        {
            rc = ControlCore(card, EncodeControlCode(controlCode), send, (uint)input.Length, recv, (uint)clamped.Length,
                &returned);
        }

        received = rc == PcscError.Success ? (int)returned : 0;
        return rc;
    }

    public PcscError SetAttrib(nint card, uint attributeId, ReadOnlySpan<byte> value)
    {
        fixed (byte* data = value)
        {
            return SetAttribCore(card, attributeId, data, (uint)value.Length);
        }
    }

    protected abstract PcscError EstablishContextCore(uint scope, nint* context);

    protected abstract PcscError GetStatusChangeCore(nint context, uint milliseconds, TReaderState* states, uint count);

    protected abstract PcscError ConnectCore(nint context, string reader, uint shareMode, uint preferredProtocols,
        nint* card, uint* activeProtocol);

    protected abstract PcscError ReconnectCore(nint card, uint shareMode, uint preferredProtocols, uint initialization,
        uint* activeProtocol);

    protected abstract PcscError ListReadersCore(nint context, string? groups, byte* buffer, uint* units);

    protected abstract PcscError ListReaderGroupsCore(nint context, byte* buffer, uint* units);

    protected abstract PcscError StatusCore(nint card, byte* name, uint* nameUnits, uint* state, uint* protocol,
        byte* atr, uint* atrLength);

    protected abstract PcscError TransmitCore(nint card, nint sendPci, byte* command, uint commandLength, byte* receive,
        uint* receiveLength);

    protected abstract PcscError ControlCore(nint card, uint controlCode, byte* input, uint inputLength, byte* output,
        uint outputLength, uint* returned);

    protected abstract PcscError GetAttribCore(nint card, uint attributeId, byte* buffer, uint* length);

    protected abstract PcscError SetAttribCore(nint card, uint attributeId, byte* value, uint length);

    // pcsc-lite's encodings, which PCSC.framework shares; winscard overrides them.
    protected virtual string Decode(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);

    protected virtual CardState MapCardState(uint nativeState) => (CardState)(nativeState & 0x7F);

    protected virtual uint ToNativeProtocol(CardProtocol protocol) => (uint)protocol;

    protected virtual CardProtocol FromNativeProtocol(uint nativeProtocol) => (CardProtocol)nativeProtocol;

    protected virtual uint EncodeControlCode(uint functionNumber) => PcscControlCode.ForPcscLite(functionNumber);

    /// <summary>winscard's and PCSC.framework's LONG is 32-bit; SCARD_E_* codes are its bits as unsigned.</summary>
    protected static PcscError Map(int rc) => (PcscError)(uint)rc;

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
}
