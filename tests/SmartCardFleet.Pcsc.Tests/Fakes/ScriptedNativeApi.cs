using System.Text;
using SmartCardFleet.Pcsc.Interop;

namespace SmartCardFleet.Pcsc.Tests.Fakes;

/// <summary>
/// A <see cref="NativePcscApi{TReaderState}"/> whose raw calls are scripted, to test the shared sizing loops, clamps
/// and status-change marshalling without a daemon, with any platform's SCARD_READERSTATE. Strings are UTF-8 like
/// pcsc-lite; the PCIs are fake non-zero addresses that are never dereferenced.
/// </summary>
internal unsafe class ScriptedNativeApi<TReaderState> : NativePcscApi<TReaderState>
    where TReaderState : unmanaged, IReaderStateStruct<TReaderState>
{
    public ScriptedNativeApi()
        : base(new PcscPciExports(0x1000, 0x2000, 0x3000))
    {
    }

    public delegate PcscError SizedCall(Span<byte> buffer, ref int units);

    public delegate PcscError StatusCall(Span<byte> name, ref int nameUnits, Span<byte> atr, ref int atrLength);

    /// <summary>The scripted SCardGetStatusChange: sees the native array as the library would and may fill it.</summary>
    public delegate PcscError StatusChangeCall(uint milliseconds, Span<TReaderState> states);

    public SizedCall? OnListReaders { get; set; }

    public StatusCall? OnStatus { get; set; }

    public SizedCall? OnGetAttrib { get; set; }

    public StatusChangeCall? OnGetStatusChange { get; set; }

    /// <summary>The scripted SCardEstablishContext, SCardConnect and SCardReconnect: what the library writes to the
    /// handle and protocol out-parameters, whatever it returns.</summary>
    public (PcscError Result, nint Handle, uint Protocol) NativeOpenResult { get; set; }

    public List<(uint ShareMode, uint PreferredProtocols)> OpenCalls { get; } = [];

    public List<int> ReceiveLengths { get; } = [];

    public List<(uint Code, int OutputLength)> ControlCalls { get; } = [];

    public int TransmitCalls { get; private set; }

    /// <summary>What the scripted SCardTransmit writes into the receive buffer.</summary>
    public byte[] TransmitResponse { get; set; } = [0x90, 0x00];

    public override string Name => "scripted";

    public override PcscError ReleaseContext(nint context) => throw new NotSupportedException();

    public override PcscError IsValidContext(nint context) => throw new NotSupportedException();

    public override PcscError Cancel(nint context) => throw new NotSupportedException();

    public override PcscError Disconnect(nint card, CardDisposition disposition) => throw new NotSupportedException();

    public override PcscError BeginTransaction(nint card) => throw new NotSupportedException();

    public override PcscError EndTransaction(nint card, CardDisposition disposition) => throw new NotSupportedException();

    protected override PcscError EstablishContextCore(uint scope, nint* context)
    {
        *context = NativeOpenResult.Handle;
        return NativeOpenResult.Result;
    }

    protected override PcscError GetStatusChangeCore(nint context, uint milliseconds, TReaderState* states,
        uint count) =>
        OnGetStatusChange!(milliseconds, new Span<TReaderState>(states, (int)count));

    protected override PcscError ConnectCore(nint context, string reader, uint shareMode, uint preferredProtocols,
        nint* card, uint* activeProtocol)
    {
        *card = NativeOpenResult.Handle;
        return ReconnectCore(0, shareMode, preferredProtocols, 0, activeProtocol);
    }

    protected override PcscError ReconnectCore(nint card, uint shareMode, uint preferredProtocols, uint initialization,
        uint* activeProtocol)
    {
        OpenCalls.Add((shareMode, preferredProtocols));
        *activeProtocol = NativeOpenResult.Protocol;
        return NativeOpenResult.Result;
    }

    protected override PcscError ListReadersCore(nint context, string? groups, byte* buffer, uint* units) =>
        CallSized(OnListReaders!, buffer, units, CharSize);

    protected override PcscError ListReaderGroupsCore(nint context, byte* buffer, uint* units) =>
        CallSized(OnListReaders!, buffer, units, CharSize);

    protected override PcscError StatusCore(nint card, byte* name, uint* nameUnits, uint* state, uint* protocol,
        byte* atr, uint* atrLength)
    {
        *state = 0x34;
        *protocol = 2;
        var units = (int)*nameUnits;
        var length = (int)*atrLength;
        var rc = OnStatus!(new Span<byte>(name, units * CharSize), ref units, new Span<byte>(atr, length), ref length);
        *nameUnits = (uint)units;
        *atrLength = (uint)length;
        return rc;
    }

    protected override PcscError TransmitCore(nint card, nint sendPci, byte* command, uint commandLength,
        byte* receive, uint* receiveLength)
    {
        TransmitCalls++;
        ReceiveLengths.Add((int)*receiveLength);
        TransmitResponse.CopyTo(new Span<byte>(receive, (int)*receiveLength));
        *receiveLength = (uint)TransmitResponse.Length;
        return PcscError.Success;
    }

    protected override PcscError ControlCore(nint card, uint controlCode, byte* input, uint inputLength, byte* output,
        uint outputLength, uint* returned)
    {
        ControlCalls.Add((controlCode, (int)outputLength));
        *returned = 0;
        return PcscError.Success;
    }

    protected override PcscError GetAttribCore(nint card, uint attributeId, byte* buffer, uint* length) =>
        CallSized(OnGetAttrib!, buffer, length, 1);

    protected override PcscError SetAttribCore(nint card, uint attributeId, byte* value, uint length) =>
        throw new NotSupportedException();

    /// <summary>A null buffer is the sizing call (an empty span for the script); otherwise it holds *units units.</summary>
    private static PcscError CallSized(SizedCall call, byte* buffer, uint* units, int unitSize)
    {
        var span = buffer is null ? Span<byte>.Empty : new Span<byte>(buffer, (int)*units * unitSize);
        var count = (int)*units;
        var rc = call(span, ref count);
        *units = (uint)count;
        return rc;
    }
}

/// <summary>The scripted API with pcsc-lite's struct, for the tests that do not care about the platform.</summary>
internal sealed class ScriptedNativeApi : ScriptedNativeApi<SmartCardFleet.Pcsc.Interop.Linux.SCARD_READERSTATE>
{
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
}
