using System.Collections.Concurrent;

namespace SmartCardFleet.Pcsc.Tests.Fakes;

/// <summary>An in-memory IPcscApi that records every call, for testing the wrappers' ownership rules.</summary>
internal sealed class RecordingPcscApi : IPcscApi
{
    private readonly ManualResetEventSlim _cancel = new();
    private long _nextHandle = 100;

    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>Set when GetStatusChange is blocked, so a test can wait for that state with a deadline.</summary>
    public ManualResetEventSlim WaitStarted { get; } = new();

    public PcscError TransmitResult { get; set; } = PcscError.Success;

    public byte[] TransmitResponse { get; set; } = [0x90, 0x00];

    public string Name => "recording";

    public int Count(string prefix) => Calls.Count(c => c.StartsWith(prefix, StringComparison.Ordinal));

    public PcscError EstablishContext(PcscScope scope, out nint context)
    {
        context = (nint)Interlocked.Increment(ref _nextHandle);
        Calls.Enqueue($"Establish {context}");
        return PcscError.Success;
    }

    public PcscError ReleaseContext(nint context)
    {
        Calls.Enqueue($"Release {context}");
        return PcscError.Success;
    }

    public PcscError IsValidContext(nint context) => PcscError.Success;

    public PcscError ListReaders(nint context, string? groups, out IReadOnlyList<string> readers)
    {
        readers = ["Reader A", "Reader B"];
        return PcscError.Success;
    }

    public PcscError ListReaderGroups(nint context, out IReadOnlyList<string> groups)
    {
        groups = ["SCard$DefaultReaders"];
        return PcscError.Success;
    }

    /// <summary>Blocks until Cancel, like an INFINITE wait with nothing happening.</summary>
    public PcscError GetStatusChange(nint context, TimeSpan timeout, IReadOnlyList<ReaderStateEntry> states)
    {
        Calls.Enqueue($"GetStatusChange {context}");
        WaitStarted.Set();
        return _cancel.Wait(timeout) ? PcscError.Cancelled : PcscError.Timeout;
    }

    public PcscError Cancel(nint context)
    {
        Calls.Enqueue($"Cancel {context}");
        _cancel.Set();
        return PcscError.Success;
    }

    public PcscError Connect(nint context, string reader, ShareMode shareMode, CardProtocol preferredProtocols,
        out nint card, out CardProtocol activeProtocol)
    {
        card = (nint)Interlocked.Increment(ref _nextHandle);
        activeProtocol = CardProtocol.T1;
        Calls.Enqueue($"Connect {reader} {card}");
        return PcscError.Success;
    }

    public PcscError Reconnect(nint card, ShareMode shareMode, CardProtocol preferredProtocols,
        CardDisposition initialization, out CardProtocol activeProtocol)
    {
        activeProtocol = CardProtocol.T0;
        Calls.Enqueue($"Reconnect {card} {initialization}");
        return PcscError.Success;
    }

    public PcscError Disconnect(nint card, CardDisposition disposition)
    {
        Calls.Enqueue($"Disconnect {card} {disposition}");
        return PcscError.Success;
    }

    public PcscError BeginTransaction(nint card) => PcscError.Success;

    public PcscError EndTransaction(nint card, CardDisposition disposition) => PcscError.NotTransacted;

    public PcscError Status(nint card, out CardStatus status)
    {
        status = new CardStatus("Reader A", CardState.Present, CardProtocol.T1, [0x3B, 0x00]);
        return PcscError.Success;
    }

    public PcscError Transmit(nint card, CardProtocol protocol, ReadOnlySpan<byte> command, Span<byte> receiveBuffer,
        out int received)
    {
        Calls.Enqueue($"Transmit {card} {protocol} {Convert.ToHexString(command)}");
        received = 0;
        if (TransmitResult != PcscError.Success)
        {
            return TransmitResult;
        }

        TransmitResponse.CopyTo(receiveBuffer);
        received = TransmitResponse.Length;
        return PcscError.Success;
    }

    public PcscError Control(nint card, uint controlCode, ReadOnlySpan<byte> input, Span<byte> output, out int received)
    {
        received = 0;
        Calls.Enqueue($"Control {controlCode}");
        return PcscError.UnsupportedFeature;
    }

    public PcscError GetAttrib(nint card, uint attributeId, out byte[] value)
    {
        value = [1, 2];
        return PcscError.Success;
    }

    public PcscError SetAttrib(nint card, uint attributeId, ReadOnlySpan<byte> value) => PcscError.Success;
}
