using SmartCardFleet.VirtualCards.Cards;
using SmartCardFleet.VirtualCards.Faults;

namespace SmartCardFleet.Integration.Tests.Support;

/// <summary>
/// Any virtual card whose answers the test holds back: while <see cref="Hold"/> is in force every command waits on
/// the card's side until <see cref="Release"/>. A test then knows a command is still on the card because it has not
/// let it go, instead of hoping a long latency outlasts the rest of the test on a loaded machine. With
/// <paramref name="holds"/>, only the commands it picks wait (e.g. the one write that commits an NDEF message).
/// </summary>
internal sealed class GatedCard(IVirtualCard inner, Func<byte[], bool>? holds = null) : IVirtualCard, IDisposable
{
    /// <summary>A forgotten Release must not hang the card's transport for ever.</summary>
    private static readonly TimeSpan LongestHold = TimeSpan.FromMinutes(1);

    private readonly ManualResetEventSlim _open = new(initialState: true);
    private int _waiting;

    public string CardType => inner.CardType;

    public byte[] Atr => inner.Atr;

    public CardFaults Faults => inner.Faults;

    /// <summary>Commands that reached the card and wait for <see cref="Release"/>.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public void Hold() => _open.Reset();

    public void Release() => _open.Set();

    public byte[] Process(ReadOnlySpan<byte> commandApdu)
    {
        if (holds is not null && !holds(commandApdu.ToArray()))
        {
            return inner.Process(commandApdu);
        }

        Interlocked.Increment(ref _waiting);
        try
        {
            _open.Wait(LongestHold);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        return inner.Process(commandApdu);
    }

    public void PowerOn() => inner.PowerOn();

    public void PowerOff() => inner.PowerOff();

    public void Reset() => inner.Reset();

    public void Dispose()
    {
        _open.Set();
        _open.Dispose();
    }
}
