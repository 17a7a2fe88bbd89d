using static SmartCardFleet.Pcsc.Interop.MacOS.MacPcscNativeMethods;

namespace SmartCardFleet.Pcsc.Interop.MacOS;

/// <summary>
/// <see cref="IPcscApi"/> over PCSC.framework. Its values are pcsc-lite's (protocol bits, state flags, control
/// codes) and its DWORDs are the shared seam's 32 bits; only its handles differ: int32, widened to <see cref="nint"/>
/// here.
/// </summary>
internal sealed unsafe class MacPcscApi : NativePcscApi<SCARD_READERSTATE>
{
    public override string Name => "PCSC.framework";

    public override PcscError ReleaseContext(nint context) => Map(SCardReleaseContext((int)context));

    public override PcscError IsValidContext(nint context) => Map(SCardIsValidContext((int)context));

    public override PcscError Cancel(nint context) => Map(SCardCancel((int)context));

    public override PcscError Disconnect(nint card, CardDisposition disposition) =>
        Map(SCardDisconnect((int)card, (uint)disposition));

    public override PcscError BeginTransaction(nint card) => Map(SCardBeginTransaction((int)card));

    public override PcscError EndTransaction(nint card, CardDisposition disposition) =>
        Map(SCardEndTransaction((int)card, (uint)disposition));

    protected override PcscError EstablishContextCore(uint scope, nint* context)
    {
        var handle = 0;
        var rc = Map(SCardEstablishContext(scope, 0, 0, &handle));
        *context = handle;
        return rc;
    }

    protected override PcscError GetStatusChangeCore(nint context, uint milliseconds, SCARD_READERSTATE* states,
        uint count) =>
        Map(SCardGetStatusChange((int)context, milliseconds, states, count));

    protected override PcscError ConnectCore(nint context, string reader, uint shareMode, uint preferredProtocols,
        nint* card, uint* activeProtocol)
    {
        var handle = 0;
        PcscError rc;
        fixed (byte* name = EncodeUtf8Z(reader))
        {
            rc = Map(SCardConnect((int)context, name, shareMode, preferredProtocols, &handle, activeProtocol));
        }

        *card = handle;
        return rc;
    }

    protected override PcscError ReconnectCore(nint card, uint shareMode, uint preferredProtocols, uint initialization,
        uint* activeProtocol) =>
        Map(SCardReconnect((int)card, shareMode, preferredProtocols, initialization, activeProtocol));

    protected override PcscError ListReadersCore(nint context, string? groups, byte* buffer, uint* units)
    {
        fixed (byte* group = groups is null ? null : EncodeUtf8Z(groups))
        {
            return Map(SCardListReaders((int)context, group, buffer, units));
        }
    }

    protected override PcscError ListReaderGroupsCore(nint context, byte* buffer, uint* units) =>
        Map(SCardListReaderGroups((int)context, buffer, units));

    protected override PcscError StatusCore(nint card, byte* name, uint* nameUnits, uint* state, uint* protocol,
        byte* atr, uint* atrLength) =>
        Map(SCardStatus((int)card, name, nameUnits, state, protocol, atr, atrLength));

    protected override PcscError TransmitCore(nint card, nint sendPci, byte* command, uint commandLength,
        byte* receive, uint* receiveLength) =>
        Map(SCardTransmit((int)card, sendPci, command, commandLength, 0, receive, receiveLength));

    protected override PcscError ControlCore(nint card, uint controlCode, byte* input, uint inputLength, byte* output,
        uint outputLength, uint* returned) =>
        Map(SCardControl((int)card, controlCode, input, inputLength, output, outputLength, returned));

    protected override PcscError GetAttribCore(nint card, uint attributeId, byte* buffer, uint* length) =>
        Map(SCardGetAttrib((int)card, attributeId, buffer, length));

    protected override PcscError SetAttribCore(nint card, uint attributeId, byte* value, uint length) =>
        Map(SCardSetAttrib((int)card, attributeId, value, length));
}
