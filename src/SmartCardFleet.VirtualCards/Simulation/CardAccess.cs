using System.Text;
using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards;
using SmartCardFleet.VirtualCards.Faults;

namespace SmartCardFleet.VirtualCards.Simulation;

/// <summary>
/// The calls that use a connection: transactions, Transmit (through the card, its faults and its latency), Control
/// and the reader attributes. The card and a reader's control handler run outside the simulation gate (a card's
/// latency must not hold up the service), so Transmit checks again afterwards that the same card is still there.
/// </summary>
internal sealed class CardAccess(object gate, HandleTable handles, ReaderRegistry readers)
{
    private const int MaxExtendedCommand = 65548;

    private int _exchangesInFlight;

    /// <summary>Card exchanges running right now (a Transmit inside the card's latency).</summary>
    public int ExchangesInFlight => Volatile.Read(ref _exchangesInFlight);

    public PcscError BeginTransaction(nint card)
    {
        lock (gate)
        {
            var check = handles.AcquireHandle(card, out var handle);
            if (check == PcscError.Success)
            {
                handle.Reader.TransactionHolder = handle;
            }

            return check;
        }
    }

    public PcscError EndTransaction(nint card, CardDisposition disposition)
    {
        if (!Enum.IsDefined(disposition))
        {
            return PcscError.InvalidValue;
        }

        lock (gate)
        {
            var check = handles.CheckHandle(card, includePending: true, out var handle);
            if (check != PcscError.Success)
            {
                return check;
            }

            var reader = handle.Reader;
            if (reader.TransactionHolder != handle)
            {
                return PcscError.NotTransacted;
            }

            reader.TransactionHolder = null;
            Monitor.PulseAll(gate);
            readers.ApplyDisposition(reader, disposition, except: handle);
            return PcscError.Success;
        }
    }

    /// <summary>Runs the command through the card with its faults, blocking the caller for the card's latency.
    /// A card pulled mid-command (fault or test) gives NotTransacted and, for the fault, an empty reader; so does every
    /// command to a card pulled unnoticed (<see cref="SimulatedReader.PullUnnoticed"/>), with the reader still Present.</summary>
    public PcscError Transmit(nint card, CardProtocol protocol, ReadOnlySpan<byte> command, Span<byte> receiveBuffer,
        out int received)
    {
        received = 0;
        if (command.IsEmpty)
        {
            return PcscError.InvalidParameter;
        }

        if (command.Length > MaxExtendedCommand || receiveBuffer.Length < 2)
        {
            return PcscError.InsufficientBuffer;
        }

        SimHandle handle;
        IVirtualCard target;
        CancellationToken removal;
        long insertion;
        lock (gate)
        {
            var check = handles.AcquireHandle(card, out handle);
            if (check != PcscError.Success)
            {
                return check;
            }

            var reader = handle.Reader;
            if (reader.Card is null || handle.InsertionId != reader.InsertionId || reader.InsertionCancellation is null)
            {
                return PcscError.NoSmartcard;
            }

            if (handle.Protocol == CardProtocol.Undefined || protocol != handle.Protocol)
            {
                return PcscError.ProtoMismatch;
            }

            if (reader.CardGoneUnnoticed)
            {
                // pcscd passes the command to the driver, whose exchange with the missing card fails.
                return PcscError.NotTransacted;
            }

            target = reader.Card;
            removal = reader.InsertionCancellation.Token;
            insertion = reader.InsertionId;
        }

        CardExchangeResult result;
        Interlocked.Increment(ref _exchangesInFlight);
        try
        {
            lock (handle.Reader.ExchangeLock)
            {
                result = CardExchange.Transmit(target, command, removal);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _exchangesInFlight);
        }

        lock (gate)
        {
            var reader = handle.Reader;
            bool sameInsertion = reader.Card == target && reader.InsertionId == insertion;
            if (result.Outcome == CardExchangeOutcome.RemovedDuringCommand && sameInsertion)
            {
                readers.DetachCard(reader);
            }

            if (handle.Context.Dead)
            {
                return PcscError.NoService;
            }

            if (result.Outcome != CardExchangeOutcome.Answered || !sameInsertion)
            {
                return PcscError.NotTransacted;
            }

            received = result.Response.Length;
            if (result.Response.Length > receiveBuffer.Length)
            {
                return PcscError.InsufficientBuffer;
            }

            result.Response.CopyTo(receiveBuffer);
            return PcscError.Success;
        }
    }

    /// <summary>Passes the call to <see cref="SimulatedReader.ControlHandler"/> (outside the lock: it is test code).</summary>
    public PcscError Control(nint card, uint controlCode, ReadOnlySpan<byte> input, Span<byte> output, out int received)
    {
        received = 0;
        Func<uint, byte[], byte[]>? handler;
        lock (gate)
        {
            var check = handles.AcquireHandle(card, out var handle);
            if (check != PcscError.Success)
            {
                return check;
            }

            handler = handle.Reader.ControlHandler;
        }

        if (handler is null)
        {
            return PcscError.UnsupportedFeature;
        }

        var answer = handler(controlCode, input.ToArray());
        received = answer.Length;
        if (answer.Length > output.Length)
        {
            return PcscError.InsufficientBuffer;
        }

        answer.CopyTo(output);
        return PcscError.Success;
    }

    /// <summary>Vendor name, IFD type/version/serial, characteristics, ATR and friendly name; strings end in NUL
    /// like the CCID driver's.</summary>
    public PcscError GetAttrib(nint card, uint attributeId, out byte[] value)
    {
        value = [];
        lock (gate)
        {
            var check = handles.CheckHandle(card, includePending: false, out var handle);
            if (check != PcscError.Success)
            {
                return check;
            }

            var reader = handle.Reader;
            byte[]? found = attributeId switch
            {
                ReaderAttributes.VendorName => Text(reader.VendorName),
                ReaderAttributes.VendorIfdType => Text(reader.IfdType),
                ReaderAttributes.VendorIfdVersion => BitConverter.GetBytes(0x01000000u),
                ReaderAttributes.VendorIfdSerialNo => Text(reader.IfdSerialNumber),
                ReaderAttributes.Characteristics => BitConverter.GetBytes(reader.CanEject ? ReaderAttributes.CharacteristicEject : 0u),
                ReaderAttributes.AtrString => reader.Card is null ? null : reader.ReportedAtr(),
                ReaderAttributes.DeviceFriendlyName => Text(reader.Name),
                _ => null,
            };
            if (found is null)
            {
                return attributeId == ReaderAttributes.AtrString ? PcscError.NoSmartcard : PcscError.UnsupportedFeature;
            }

            value = found;
            return PcscError.Success;
        }
    }

    public PcscError SetAttrib(nint card, uint attributeId, ReadOnlySpan<byte> value)
    {
        lock (gate)
        {
            var check = handles.CheckHandle(card, includePending: false, out _);
            return check != PcscError.Success ? check : PcscError.UnsupportedFeature;
        }
    }

    private static byte[] Text(string value) => [.. Encoding.ASCII.GetBytes(value), 0];
}
