using System.Collections.Concurrent;
using SmartCardFleet.VirtualCards.Cards;
using SmartCardFleet.VirtualCards.Faults;

namespace SmartCardFleet.Integration.Tests.Support;

/// <summary>
/// Any virtual card, seen from the card's side: records every command APDU in the order the card received it and
/// counts warm resets and power-offs. That is how the actor tests prove what really reached the card (order inside a
/// transaction, a disposition that did or did not reset it) instead of trusting the replies alone.
/// </summary>
internal sealed class InstrumentedCard(IVirtualCard inner) : IVirtualCard
{
    private readonly ConcurrentQueue<byte[]> _commands = new();
    private int _resets;
    private int _powerOffs;

    public IVirtualCard Inner => inner;

    public string CardType => inner.CardType;

    public byte[] Atr => inner.Atr;

    public CardFaults Faults => inner.Faults;

    /// <summary>Command APDUs in arrival order.</summary>
    public IReadOnlyList<byte[]> Commands => [.. _commands];

    public int Resets => Volatile.Read(ref _resets);

    public int PowerOffs => Volatile.Read(ref _powerOffs);

    public byte[] Process(ReadOnlySpan<byte> commandApdu)
    {
        _commands.Enqueue(commandApdu.ToArray());
        return inner.Process(commandApdu);
    }

    public void PowerOn() => inner.PowerOn();

    public void PowerOff()
    {
        Interlocked.Increment(ref _powerOffs);
        inner.PowerOff();
    }

    public void Reset()
    {
        Interlocked.Increment(ref _resets);
        inner.Reset();
    }
}
