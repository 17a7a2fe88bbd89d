using System.Text;
using static SmartCardFleet.Pcsc.Interop.Windows.WinSCardNativeMethods;

namespace SmartCardFleet.Pcsc.Interop.Windows;

/// <summary>
/// <see cref="IPcscApi"/> over winscard.dll: W entry points with UTF-16 strings, RAW = 0x10000, ordinal card
/// states and the CTL_CODE control-code form are translated to SmartCardFleet's (pcsc-lite) values here.
/// </summary>
internal sealed unsafe class WinSCardApi : NativePcscApi<SCARD_READERSTATE>
{
    public override string Name => "winscard";

    protected override int CharSize => 2;

    public override PcscError ReleaseContext(nint context) => Map(SCardReleaseContext(context));

    public override PcscError IsValidContext(nint context) => Map(SCardIsValidContext(context));

    public override PcscError Cancel(nint context) => Map(SCardCancel(context));

    public override PcscError Disconnect(nint card, CardDisposition disposition) =>
        Map(SCardDisconnect(card, (uint)disposition));

    public override PcscError BeginTransaction(nint card) => Map(SCardBeginTransaction(card));

    public override PcscError EndTransaction(nint card, CardDisposition disposition) =>
        Map(SCardEndTransaction(card, (uint)disposition));

    protected override PcscError EstablishContextCore(uint scope, nint* context) =>
        Map(SCardEstablishContext(scope, 0, 0, context));

    protected override PcscError GetStatusChangeCore(nint context, uint milliseconds, SCARD_READERSTATE* states,
        uint count) =>
        Map(SCardGetStatusChange(context, milliseconds, states, count));

    protected override PcscError ConnectCore(nint context, string reader, uint shareMode, uint preferredProtocols,
        nint* card, uint* activeProtocol)
    {
        fixed (char* name = reader)
        {
            return Map(SCardConnect(context, name, shareMode, preferredProtocols, card, activeProtocol));
        }
    }

    protected override PcscError ReconnectCore(nint card, uint shareMode, uint preferredProtocols, uint initialization,
        uint* activeProtocol) =>
        Map(SCardReconnect(card, shareMode, preferredProtocols, initialization, activeProtocol));

    protected override PcscError ListReadersCore(nint context, string? groups, byte* buffer, uint* units)
    {
        fixed (char* group = groups)
        {
            return Map(SCardListReaders(context, group, (char*)buffer, units));
        }
    }

    protected override PcscError ListReaderGroupsCore(nint context, byte* buffer, uint* units) =>
        Map(SCardListReaderGroups(context, (char*)buffer, units));

    protected override PcscError StatusCore(nint card, byte* name, uint* nameUnits, uint* state, uint* protocol,
        byte* atr, uint* atrLength) =>
        Map(SCardStatus(card, (char*)name, nameUnits, state, protocol, atr, atrLength));

    protected override PcscError TransmitCore(nint card, nint sendPci, byte* command, uint commandLength,
        byte* receive, uint* receiveLength) =>
        Map(SCardTransmit(card, sendPci, command, commandLength, 0, receive, receiveLength));

    protected override PcscError ControlCore(nint card, uint controlCode, byte* input, uint inputLength, byte* output,
        uint outputLength, uint* returned) =>
        Map(SCardControl(card, controlCode, input, inputLength, output, outputLength, returned));

    protected override PcscError GetAttribCore(nint card, uint attributeId, byte* buffer, uint* length) =>
        Map(SCardGetAttrib(card, attributeId, buffer, length));

    protected override PcscError SetAttribCore(nint card, uint attributeId, byte* value, uint length) =>
        Map(SCardSetAttrib(card, attributeId, value, length));

    protected override string Decode(ReadOnlySpan<byte> bytes) => Encoding.Unicode.GetString(bytes);

    protected override CardState MapCardState(uint nativeState) => WinSCardMappings.MapCardState(nativeState);

    protected override uint ToNativeProtocol(CardProtocol protocol) => WinSCardMappings.ToNativeProtocol(protocol);

    protected override CardProtocol FromNativeProtocol(uint nativeProtocol) =>
        WinSCardMappings.FromNativeProtocol(nativeProtocol);

    protected override uint EncodeControlCode(uint functionNumber) => PcscControlCode.ForWindows(functionNumber);
}
