using System.Runtime.InteropServices;
using static SmartCardFleet.Pcsc.Interop.Linux.PcscLiteNativeMethods;

namespace SmartCardFleet.Pcsc.Interop.Linux;

/// <summary>
/// <see cref="IPcscApi"/> over libpcsclite.so.1. pcsc-lite's values already are the normalised ones (protocol
/// bits, card-state flags, control codes), so all this class adds is the width of LONG and DWORD: C <c>long</c>,
/// 8 bytes on LP64, widened from and narrowed to the shared 32-bit seam here.
/// </summary>
internal sealed unsafe class PcscLiteApi : NativePcscApi<SCARD_READERSTATE>
{
    public override string Name => "pcsc-lite";

    public override PcscError ReleaseContext(nint context) => Map(SCardReleaseContext(context));

    public override PcscError IsValidContext(nint context) => Map(SCardIsValidContext(context));

    public override PcscError Cancel(nint context) => Map(SCardCancel(context));

    public override PcscError Disconnect(nint card, CardDisposition disposition) =>
        Map(SCardDisconnect(card, new CULong((uint)disposition)));

    public override PcscError BeginTransaction(nint card) => Map(SCardBeginTransaction(card));

    public override PcscError EndTransaction(nint card, CardDisposition disposition) =>
        Map(SCardEndTransaction(card, new CULong((uint)disposition)));

    protected override PcscError EstablishContextCore(uint scope, nint* context) =>
        Map(SCardEstablishContext(new CULong(scope), 0, 0, context));

    protected override PcscError GetStatusChangeCore(nint context, uint milliseconds, SCARD_READERSTATE* states,
        uint count) =>
        Map(SCardGetStatusChange(context, new CULong(milliseconds), states, new CULong(count)));

    protected override PcscError ConnectCore(nint context, string reader, uint shareMode, uint preferredProtocols,
        nint* card, uint* activeProtocol)
    {
        CULong protocol = default;
        PcscError rc;
        fixed (byte* name = EncodeUtf8Z(reader))
        {
            rc = Map(SCardConnect(context, name, new CULong(shareMode), new CULong(preferredProtocols), card,
                &protocol));
        }

        *activeProtocol = Narrow(protocol);
        return rc;
    }

    protected override PcscError ReconnectCore(nint card, uint shareMode, uint preferredProtocols, uint initialization,
        uint* activeProtocol)
    {
        CULong protocol = default;
        var rc = Map(SCardReconnect(card, new CULong(shareMode), new CULong(preferredProtocols),
            new CULong(initialization), &protocol));
        *activeProtocol = Narrow(protocol);
        return rc;
    }

    protected override PcscError ListReadersCore(nint context, string? groups, byte* buffer, uint* units)
    {
        var length = new CULong(*units);
        PcscError rc;
        fixed (byte* group = groups is null ? null : EncodeUtf8Z(groups))
        {
            rc = Map(SCardListReaders(context, group, buffer, &length));
        }

        *units = Narrow(length);
        return rc;
    }

    protected override PcscError ListReaderGroupsCore(nint context, byte* buffer, uint* units)
    {
        var length = new CULong(*units);
        var rc = Map(SCardListReaderGroups(context, buffer, &length));
        *units = Narrow(length);
        return rc;
    }

    protected override PcscError StatusCore(nint card, byte* name, uint* nameUnits, uint* state, uint* protocol,
        byte* atr, uint* atrLength)
    {
        var nameLength = new CULong(*nameUnits);
        var atrLen = new CULong(*atrLength);
        CULong rawState = default;
        CULong rawProtocol = default;
        var rc = Map(SCardStatus(card, name, &nameLength, &rawState, &rawProtocol, atr, &atrLen));
        *nameUnits = Narrow(nameLength);
        *atrLength = Narrow(atrLen);
        *state = Narrow(rawState);
        *protocol = Narrow(rawProtocol);
        return rc;
    }

    protected override PcscError TransmitCore(nint card, nint sendPci, byte* command, uint commandLength,
        byte* receive, uint* receiveLength)
    {
        var length = new CULong(*receiveLength);
        var rc = Map(SCardTransmit(card, sendPci, command, new CULong(commandLength), 0, receive, &length));
        *receiveLength = Narrow(length);
        return rc;
    }

    protected override PcscError ControlCore(nint card, uint controlCode, byte* input, uint inputLength, byte* output,
        uint outputLength, uint* returned)
    {
        CULong length = default;
        var rc = Map(SCardControl(card, new CULong(controlCode), input, new CULong(inputLength), output,
            new CULong(outputLength), &length));
        *returned = Narrow(length);
        return rc;
    }

    protected override PcscError GetAttribCore(nint card, uint attributeId, byte* buffer, uint* length)
    {
        var len = new CULong(*length);
        var rc = Map(SCardGetAttrib(card, new CULong(attributeId), buffer, &len));
        *length = Narrow(len);
        return rc;
    }

    protected override PcscError SetAttribCore(nint card, uint attributeId, byte* value, uint length) =>
        Map(SCardSetAttrib(card, new CULong(attributeId), value, new CULong(length)));

    /// <summary>pcsc-lite's SCARD_E_* are <c>(LONG)0x8010xxxx</c>: positive 64-bit values whose low word is the code.</summary>
    private static PcscError Map(CLong rc) => (PcscError)(uint)rc.Value;

    /// <summary>Every DWORD pcsc-lite returns (lengths, states, protocols) fits 32 bits.</summary>
    private static uint Narrow(CULong value) => (uint)value.Value;
}
