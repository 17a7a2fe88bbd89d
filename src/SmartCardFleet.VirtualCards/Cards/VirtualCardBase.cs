using SmartCardFleet.VirtualCards.Faults;

namespace SmartCardFleet.VirtualCards.Cards;

/// <summary>
/// Common card behaviour: command parsing, one lock around all card state, GET RESPONSE chaining (61xx) and the
/// 6Cxx rule for fixed-length answers. Personalities implement <see cref="HandleCommand"/> and <see cref="OnReset"/>.
/// </summary>
public abstract class VirtualCardBase : IVirtualCard
{
    private const byte GetResponseIns = 0xC0;
    private readonly Lock _sync = new();
    private readonly byte[] _atr;
    private byte[] _pending = [];
    private int _pendingOffset;

    protected VirtualCardBase(string cardType, ReadOnlySpan<byte> atr)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cardType);
        if (atr.Length is < 2 or > 33)
        {
            throw new ArgumentException("An ATR has 2 to 33 bytes.", nameof(atr));
        }

        CardType = cardType;
        _atr = atr.ToArray();
    }

    public string CardType { get; }

    public byte[] Atr => (byte[])_atr.Clone();

    public CardFaults Faults { get; } = new();

    /// <summary>False after <see cref="PowerOff"/> until <see cref="PowerOn"/> (commands are still answered).</summary>
    public bool IsPowered { get; private set; } = true;

    public byte[] Process(ReadOnlySpan<byte> commandApdu)
    {
        lock (_sync)
        {
            if (!CardCommand.TryParse(commandApdu, out var command, out var parseError))
            {
                ClearPending();
                return StatusWords.Only(parseError);
            }

            if (command.Ins == GetResponseIns && (command.Cla & 0x80) == 0)
            {
                return GetResponse(command);
            }

            ClearPending();
            return HandleCommand(command);
        }
    }

    public void PowerOn()
    {
        lock (_sync)
        {
            IsPowered = true;
            ClearPending();
            OnReset();
        }
    }

    public void PowerOff()
    {
        lock (_sync)
        {
            IsPowered = false;
            ClearPending();
            OnReset();
        }
    }

    public void Reset()
    {
        lock (_sync)
        {
            IsPowered = true;
            ClearPending();
            OnReset();
        }
    }

    /// <summary>Handles one parsed command; called under the card lock (GET RESPONSE never reaches it).</summary>
    protected abstract byte[] HandleCommand(CardCommand command);

    /// <summary>Drops volatile state (selection, verified PINs); called under the card lock.</summary>
    protected virtual void OnReset()
    {
    }

    /// <summary>Runs <paramref name="action"/> under the card lock, for personalisation read-back from tests.</summary>
    protected T WithLock<T>(Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        lock (_sync)
        {
            return action();
        }
    }

    /// <summary>
    /// Answers with response data the T=0 way: without Le the data waits behind 61xx; with Le the first Ne bytes go
    /// out at once and the rest waits behind 61xx.
    /// </summary>
    protected byte[] RespondWithData(ReadOnlySpan<byte> data, CardCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (data.IsEmpty)
        {
            return StatusWords.Only(StatusWords.Success);
        }

        if (!command.HasLe)
        {
            _pending = data.ToArray();
            _pendingOffset = 0;
            return StatusWords.Only(StatusWords.BytesAvailable(data.Length));
        }

        if (command.Ne >= data.Length)
        {
            return StatusWords.WithData(data);
        }

        _pending = data.ToArray();
        _pendingOffset = command.Ne;
        return StatusWords.WithData(data[..command.Ne], StatusWords.BytesAvailable(data.Length - command.Ne));
    }

    /// <summary>
    /// Answers with data of a fixed length: Le must equal it (or be 00, meaning "up to 256"), otherwise 6Cxx tells
    /// the caller the exact length.
    /// </summary>
    protected static byte[] RespondFixedLength(ReadOnlySpan<byte> data, CardCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        bool leFits = command.HasLe && (command.Ne == data.Length || (command.Ne == 256 && data.Length <= 256));
        return leFits ? StatusWords.WithData(data) : StatusWords.Only(StatusWords.WrongLe(data.Length));
    }

    private byte[] GetResponse(CardCommand command)
    {
        int remaining = _pending.Length - _pendingOffset;
        if (remaining <= 0)
        {
            return StatusWords.Only(StatusWords.ConditionsOfUseNotSatisfied);
        }

        if (command.P1 != 0 || command.P2 != 0)
        {
            return StatusWords.Only(StatusWords.WrongP1P2);
        }

        int take = Math.Min(command.HasLe ? command.Ne : 256, remaining);
        var chunk = _pending.AsSpan(_pendingOffset, take);
        _pendingOffset += take;
        int left = _pending.Length - _pendingOffset;
        var response = StatusWords.WithData(chunk, left > 0 ? StatusWords.BytesAvailable(left) : StatusWords.Success);
        if (left == 0)
        {
            ClearPending();
        }

        return response;
    }

    private void ClearPending()
    {
        _pending = [];
        _pendingOffset = 0;
    }
}
