using System.Runtime.InteropServices;
using System.Text;
using static SmartCardFleet.Pcsc.Interop.Linux.PcscLiteNativeMethods;

namespace SmartCardFleet.Pcsc.Interop.Linux;

/// <summary>
/// <see cref="IPcscApi"/> over libpcsclite.so.1. pcsc-lite's values already are the normalised ones (protocol
/// bits, card-state flags), so only the type widths and the control-code encoding need care here.
/// </summary>
internal sealed unsafe class PcscLiteApi : NativePcscApi
{
    public override string Name => "pcsc-lite";

    protected override int CharSize => 1;

    protected override int AtrBufferSize => SCARD_READERSTATE.MaxAtrSize;

    public override PcscError EstablishContext(PcscScope scope, out nint context)
    {
        nint handle = 0;
        var rc = Map(SCardEstablishContext(new CULong((uint)scope), 0, 0, &handle));
        context = rc == PcscError.Success ? handle : 0;
        return rc;
    }

    public override PcscError ReleaseContext(nint context) => Map(SCardReleaseContext(context));

    public override PcscError IsValidContext(nint context) => Map(SCardIsValidContext(context));

    public override PcscError Cancel(nint context) => Map(SCardCancel(context));

    public override PcscError GetStatusChange(nint context, TimeSpan timeout, IReadOnlyList<ReaderStateEntry> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        var milliseconds = PcscTimeouts.ToMilliseconds(timeout);
        var native = new SCARD_READERSTATE[states.Count];
        var names = new nint[states.Count];
        try
        {
            for (var i = 0; i < states.Count; i++)
            {
                names[i] = Marshal.StringToCoTaskMemUTF8(states[i].ReaderName);
                native[i].szReader = names[i];
                native[i].dwCurrentState = new CULong(states[i].CurrentState);
            }

            PcscError rc;
            fixed (SCARD_READERSTATE* array = native)
            {
                rc = Map(SCardGetStatusChange(context, new CULong(milliseconds), array, new CULong((uint)states.Count)));
            }

            if (rc == PcscError.Success)
            {
                for (var i = 0; i < states.Count; i++)
                {
                    states[i].EventState = (uint)native[i].dwEventState.Value;
                    states[i].Atr = CopyAtr(ref native[i]);
                }
            }

            return rc;
        }
        finally
        {
            foreach (var name in names)
            {
                Marshal.FreeCoTaskMem(name);
            }
        }
    }

    public override PcscError Connect(nint context, string reader, ShareMode shareMode,
        CardProtocol preferredProtocols, out nint card, out CardProtocol activeProtocol)
    {
        ArgumentNullException.ThrowIfNull(reader);
        nint handle = 0;
        CULong protocol = default;
        PcscError rc;
        fixed (byte* name = EncodeUtf8Z(reader))
        {
            rc = Map(SCardConnect(context, name, new CULong((uint)shareMode),
                new CULong(ToNativeProtocol(preferredProtocols)), &handle, &protocol));
        }

        card = rc == PcscError.Success ? handle : 0;
        activeProtocol = rc == PcscError.Success ? FromNativeProtocol((uint)protocol.Value) : CardProtocol.Undefined;
        return rc;
    }

    public override PcscError Reconnect(nint card, ShareMode shareMode, CardProtocol preferredProtocols,
        CardDisposition initialization, out CardProtocol activeProtocol)
    {
        CULong protocol = default;
        var rc = Map(SCardReconnect(card, new CULong((uint)shareMode), new CULong(ToNativeProtocol(preferredProtocols)),
            new CULong((uint)initialization), &protocol));
        activeProtocol = rc == PcscError.Success ? FromNativeProtocol((uint)protocol.Value) : CardProtocol.Undefined;
        return rc;
    }

    public override PcscError Disconnect(nint card, CardDisposition disposition) =>
        Map(SCardDisconnect(card, new CULong((uint)disposition)));

    public override PcscError BeginTransaction(nint card) => Map(SCardBeginTransaction(card));

    public override PcscError EndTransaction(nint card, CardDisposition disposition) =>
        Map(SCardEndTransaction(card, new CULong((uint)disposition)));

    public override PcscError SetAttrib(nint card, uint attributeId, ReadOnlySpan<byte> value)
    {
        fixed (byte* data = value)
        {
            return Map(SCardSetAttrib(card, new CULong(attributeId), data, new CULong((uint)value.Length)));
        }
    }

    protected override PcscError ListReadersCore(nint context, string? groups, Span<byte> buffer, ref int units)
    {
        var length = new CULong((uint)units);
        PcscError rc;
        fixed (byte* group = groups is null ? null : EncodeUtf8Z(groups))
        fixed (byte* data = buffer)
        {
            rc = Map(SCardListReaders(context, group, buffer.IsEmpty ? null : data, &length));
        }

        units = (int)length.Value;
        return rc;
    }

    protected override PcscError ListReaderGroupsCore(nint context, Span<byte> buffer, ref int units)
    {
        var length = new CULong((uint)units);
        PcscError rc;
        fixed (byte* data = buffer)
        {
            rc = Map(SCardListReaderGroups(context, buffer.IsEmpty ? null : data, &length));
        }

        units = (int)length.Value;
        return rc;
    }

    protected override PcscError StatusCore(nint card, Span<byte> name, ref int nameUnits, out uint state,
        out uint protocol, Span<byte> atr, ref int atrLength)
    {
        var nameLength = new CULong((uint)nameUnits);
        var atrLen = new CULong((uint)atrLength);
        CULong rawState = default;
        CULong rawProtocol = default;
        PcscError rc;
        fixed (byte* nameData = name)
        fixed (byte* atrData = atr)
        {
            rc = Map(SCardStatus(card, nameData, &nameLength, &rawState, &rawProtocol, atrData, &atrLen));
        }

        nameUnits = (int)nameLength.Value;
        atrLength = (int)atrLen.Value;
        state = (uint)rawState.Value;
        protocol = (uint)rawProtocol.Value;
        return rc;
    }

    protected override PcscError TransmitCore(nint card, nint sendPci, ReadOnlySpan<byte> command, Span<byte> receive,
        out int received)
    {
        var length = new CULong((uint)receive.Length);
        PcscError rc;
        fixed (byte* send = command)
        fixed (byte* recv = receive)
        {
            rc = Map(SCardTransmit(card, sendPci, send, new CULong((uint)command.Length), 0, recv, &length));
        }

        received = rc == PcscError.Success ? (int)length.Value : 0;
        return rc;
    }

    protected override PcscError ControlCore(nint card, uint encodedControlCode, ReadOnlySpan<byte> input,
        Span<byte> output, out int received)
    {
        CULong returned = default;
        PcscError rc;
        fixed (byte* send = input)
        fixed (byte* recv = output)
        {
            rc = Map(SCardControl(card, new CULong(encodedControlCode), send, new CULong((uint)input.Length), recv,
                new CULong((uint)output.Length), &returned));
        }

        received = rc == PcscError.Success ? (int)returned.Value : 0;
        return rc;
    }

    protected override PcscError GetAttribCore(nint card, uint attributeId, Span<byte> buffer, ref int length)
    {
        var len = new CULong((uint)length);
        PcscError rc;
        fixed (byte* data = buffer)
        {
            rc = Map(SCardGetAttrib(card, new CULong(attributeId), buffer.IsEmpty ? null : data, &len));
        }

        length = (int)len.Value;
        return rc;
    }

    protected override string Decode(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);

    protected override CardState MapCardState(uint nativeState) => (CardState)(nativeState & 0x7F);

    protected override uint ToNativeProtocol(CardProtocol protocol) => (uint)protocol;

    protected override CardProtocol FromNativeProtocol(uint nativeProtocol) => (CardProtocol)nativeProtocol;

    protected override uint EncodeControlCode(uint functionNumber) => PcscControlCode.ForPcscLite(functionNumber);

    /// <summary>pcsc-lite's SCARD_E_* are <c>(LONG)0x8010xxxx</c>: positive 64-bit values whose low word is the code.</summary>
    private static PcscError Map(CLong rc) => (PcscError)(uint)rc.Value;

    private static byte[] CopyAtr(ref SCARD_READERSTATE state)
    {
        var length = (int)Math.Min(state.cbAtr.Value, (nuint)SCARD_READERSTATE.MaxAtrSize);
        fixed (byte* atr = state.rgbAtr)
        {
            return new ReadOnlySpan<byte>(atr, length).ToArray();
        }
    }
}
