using System.Text;
using SmartCardFleet.Pcsc.Interop;

namespace SmartCardFleet.Pcsc.Tests.Fakes;

/// <summary>
/// A <see cref="NativePcscApi"/> whose raw calls are scripted, to test the shared sizing loops and clamps without a
/// daemon. Strings are UTF-8 like pcsc-lite; the PCIs are fake non-zero addresses that are never dereferenced.
/// </summary>
internal sealed class ScriptedNativeApi : NativePcscApi
{
    public ScriptedNativeApi()
        : base(new PcscPciExports(0x1000, 0x2000, 0x3000))
    {
    }

    public delegate PcscError SizedCall(Span<byte> buffer, ref int units);

    public delegate PcscError StatusCall(Span<byte> name, ref int nameUnits, Span<byte> atr, ref int atrLength);

    public SizedCall? OnListReaders { get; set; }

    public StatusCall? OnStatus { get; set; }

    public SizedCall? OnGetAttrib { get; set; }

    public List<int> ReceiveLengths { get; } = [];

    public List<(uint Code, int OutputLength)> ControlCalls { get; } = [];

    public int TransmitCalls { get; private set; }

    /// <summary>What the scripted SCardTransmit writes into the receive buffer.</summary>
    public byte[] TransmitResponse { get; set; } = [0x90, 0x00];

    public override string Name => "scripted";

    protected override int CharSize => 1;

    protected override int AtrBufferSize => 33;

    /// <summary>Serves <paramref name="text"/> as a multi-string the way pcsc-lite does for a sizing/fetch pair.</summary>
    public static PcscError Serve(string text, Span<byte> buffer, ref int units)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (buffer.IsEmpty)
        {
            units = bytes.Length;
            return PcscError.Success;
        }

        if (buffer.Length < bytes.Length)
        {
            units = bytes.Length;
            return PcscError.InsufficientBuffer;
        }

        bytes.CopyTo(buffer);
        units = bytes.Length;
        return PcscError.Success;
    }

    public override PcscError EstablishContext(PcscScope scope, out nint context) => throw new NotSupportedException();

    public override PcscError ReleaseContext(nint context) => throw new NotSupportedException();

    public override PcscError IsValidContext(nint context) => throw new NotSupportedException();

    public override PcscError GetStatusChange(nint context, TimeSpan timeout, IReadOnlyList<ReaderStateEntry> states) =>
        throw new NotSupportedException();

    public override PcscError Cancel(nint context) => throw new NotSupportedException();

    public override PcscError Connect(nint context, string reader, ShareMode shareMode, CardProtocol preferredProtocols,
        out nint card, out CardProtocol activeProtocol) => throw new NotSupportedException();

    public override PcscError Reconnect(nint card, ShareMode shareMode, CardProtocol preferredProtocols,
        CardDisposition initialization, out CardProtocol activeProtocol) => throw new NotSupportedException();

    public override PcscError Disconnect(nint card, CardDisposition disposition) => throw new NotSupportedException();

    public override PcscError BeginTransaction(nint card) => throw new NotSupportedException();

    public override PcscError EndTransaction(nint card, CardDisposition disposition) => throw new NotSupportedException();

    public override PcscError SetAttrib(nint card, uint attributeId, ReadOnlySpan<byte> value) =>
        throw new NotSupportedException();

    protected override PcscError ListReadersCore(nint context, string? groups, Span<byte> buffer, ref int units) =>
        OnListReaders!(buffer, ref units);

    protected override PcscError ListReaderGroupsCore(nint context, Span<byte> buffer, ref int units) =>
        OnListReaders!(buffer, ref units);

    protected override PcscError StatusCore(nint card, Span<byte> name, ref int nameUnits, out uint state,
        out uint protocol, Span<byte> atr, ref int atrLength)
    {
        state = 0x34;
        protocol = 2;
        return OnStatus!(name, ref nameUnits, atr, ref atrLength);
    }

    protected override PcscError TransmitCore(nint card, nint sendPci, ReadOnlySpan<byte> command, Span<byte> receive,
        out int received)
    {
        TransmitCalls++;
        ReceiveLengths.Add(receive.Length);
        TransmitResponse.CopyTo(receive);
        received = TransmitResponse.Length;
        return PcscError.Success;
    }

    protected override PcscError ControlCore(nint card, uint encodedControlCode, ReadOnlySpan<byte> input,
        Span<byte> output, out int received)
    {
        ControlCalls.Add((encodedControlCode, output.Length));
        received = 0;
        return PcscError.Success;
    }

    protected override PcscError GetAttribCore(nint card, uint attributeId, Span<byte> buffer, ref int length) =>
        OnGetAttrib!(buffer, ref length);

    protected override string Decode(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);

    protected override CardState MapCardState(uint nativeState) => (CardState)nativeState;

    protected override uint ToNativeProtocol(CardProtocol protocol) => (uint)protocol;

    protected override CardProtocol FromNativeProtocol(uint nativeProtocol) => (CardProtocol)nativeProtocol;

    protected override uint EncodeControlCode(uint functionNumber) => PcscControlCode.ForPcscLite(functionNumber);
}
