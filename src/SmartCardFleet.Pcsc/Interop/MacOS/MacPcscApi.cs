using System.Runtime.InteropServices;
using System.Text;
using static SmartCardFleet.Pcsc.Interop.MacOS.MacPcscNativeMethods;

namespace SmartCardFleet.Pcsc.Interop.MacOS;

/// <summary>
/// <see cref="IPcscApi"/> over PCSC.framework. Its values are pcsc-lite's (protocol bits, state flags, control
/// codes); only the widths differ: 32-bit LONG/DWORD and int32 handles, widened to <see cref="nint"/> at the seam.
/// </summary>
internal sealed unsafe class MacPcscApi : NativePcscApi
{
    public override string Name => "PCSC.framework";

    protected override int CharSize => 1;

    protected override int AtrBufferSize => SCARD_READERSTATE.MaxAtrSize;

    public override PcscError EstablishContext(PcscScope scope, out nint context)
    {
        var handle = 0;
        var rc = Map(SCardEstablishContext((uint)scope, 0, 0, &handle));
        context = rc == PcscError.Success ? handle : 0;
        return rc;
    }

    public override PcscError ReleaseContext(nint context) => Map(SCardReleaseContext((int)context));

    public override PcscError IsValidContext(nint context) => Map(SCardIsValidContext((int)context));

    public override PcscError Cancel(nint context) => Map(SCardCancel((int)context));

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
                native[i].dwCurrentState = states[i].CurrentState;
            }

            PcscError rc;
            fixed (SCARD_READERSTATE* array = native)
            {
                rc = Map(SCardGetStatusChange((int)context, milliseconds, array, (uint)states.Count));
            }

            if (rc == PcscError.Success)
            {
                for (var i = 0; i < states.Count; i++)
                {
                    states[i].EventState = native[i].dwEventState;
                    var length = (int)Math.Min(native[i].cbAtr, (uint)SCARD_READERSTATE.MaxAtrSize);
                    fixed (byte* atr = native[i].rgbAtr)
                    {
                        states[i].Atr = new ReadOnlySpan<byte>(atr, length).ToArray();
                    }
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
        var handle = 0;
        uint protocol = 0;
        PcscError rc;
        fixed (byte* name = EncodeUtf8Z(reader))
        {
            rc = Map(SCardConnect((int)context, name, (uint)shareMode, ToNativeProtocol(preferredProtocols), &handle,
                &protocol));
        }

        card = rc == PcscError.Success ? handle : 0;
        activeProtocol = rc == PcscError.Success ? FromNativeProtocol(protocol) : CardProtocol.Undefined;
        return rc;
    }

    public override PcscError Reconnect(nint card, ShareMode shareMode, CardProtocol preferredProtocols,
        CardDisposition initialization, out CardProtocol activeProtocol)
    {
        uint protocol = 0;
        var rc = Map(SCardReconnect((int)card, (uint)shareMode, ToNativeProtocol(preferredProtocols),
            (uint)initialization, &protocol));
        activeProtocol = rc == PcscError.Success ? FromNativeProtocol(protocol) : CardProtocol.Undefined;
        return rc;
    }

    public override PcscError Disconnect(nint card, CardDisposition disposition) =>
        Map(SCardDisconnect((int)card, (uint)disposition));

    public override PcscError BeginTransaction(nint card) => Map(SCardBeginTransaction((int)card));

    public override PcscError EndTransaction(nint card, CardDisposition disposition) =>
        Map(SCardEndTransaction((int)card, (uint)disposition));

    public override PcscError SetAttrib(nint card, uint attributeId, ReadOnlySpan<byte> value)
    {
        fixed (byte* data = value)
        {
            return Map(SCardSetAttrib((int)card, attributeId, data, (uint)value.Length));
        }
    }

    protected override PcscError ListReadersCore(nint context, string? groups, Span<byte> buffer, ref int units)
    {
        var length = (uint)units;
        PcscError rc;
        fixed (byte* group = groups is null ? null : EncodeUtf8Z(groups))
        fixed (byte* data = buffer)
        {
            rc = Map(SCardListReaders((int)context, group, buffer.IsEmpty ? null : data, &length));
        }

        units = (int)length;
        return rc;
    }

    protected override PcscError ListReaderGroupsCore(nint context, Span<byte> buffer, ref int units)
    {
        var length = (uint)units;
        PcscError rc;
        fixed (byte* data = buffer)
        {
            rc = Map(SCardListReaderGroups((int)context, buffer.IsEmpty ? null : data, &length));
        }

        units = (int)length;
        return rc;
    }

    protected override PcscError StatusCore(nint card, Span<byte> name, ref int nameUnits, out uint state,
        out uint protocol, Span<byte> atr, ref int atrLength)
    {
        var nameLength = (uint)nameUnits;
        var atrLen = (uint)atrLength;
        uint rawState = 0;
        uint rawProtocol = 0;
        PcscError rc;
        fixed (byte* nameData = name)
        fixed (byte* atrData = atr)
        {
            rc = Map(SCardStatus((int)card, nameData, &nameLength, &rawState, &rawProtocol, atrData, &atrLen));
        }

        nameUnits = (int)nameLength;
        atrLength = (int)atrLen;
        state = rawState;
        protocol = rawProtocol;
        return rc;
    }

    protected override PcscError TransmitCore(nint card, nint sendPci, ReadOnlySpan<byte> command, Span<byte> receive,
        out int received)
    {
        var length = (uint)receive.Length;
        PcscError rc;
        fixed (byte* send = command)
        fixed (byte* recv = receive)
        {
            rc = Map(SCardTransmit((int)card, sendPci, send, (uint)command.Length, 0, recv, &length));
        }

        received = rc == PcscError.Success ? (int)length : 0;
        return rc;
    }

    protected override PcscError ControlCore(nint card, uint encodedControlCode, ReadOnlySpan<byte> input,
        Span<byte> output, out int received)
    {
        uint returned = 0;
        PcscError rc;
        fixed (byte* send = input)
        fixed (byte* recv = output)
        {
            rc = Map(SCardControl((int)card, encodedControlCode, send, (uint)input.Length, recv, (uint)output.Length,
                &returned));
        }

        received = rc == PcscError.Success ? (int)returned : 0;
        return rc;
    }

    protected override PcscError GetAttribCore(nint card, uint attributeId, Span<byte> buffer, ref int length)
    {
        var len = (uint)length;
        PcscError rc;
        fixed (byte* data = buffer)
        {
            rc = Map(SCardGetAttrib((int)card, attributeId, buffer.IsEmpty ? null : data, &len));
        }

        length = (int)len;
        return rc;
    }

    protected override string Decode(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);

    protected override CardState MapCardState(uint nativeState) => (CardState)(nativeState & 0x7F);

    protected override uint ToNativeProtocol(CardProtocol protocol) => (uint)protocol;

    protected override CardProtocol FromNativeProtocol(uint nativeProtocol) => (CardProtocol)nativeProtocol;

    protected override uint EncodeControlCode(uint functionNumber) => PcscControlCode.ForPcscLite(functionNumber);

    private static PcscError Map(int rc) => (PcscError)(uint)rc;
}
