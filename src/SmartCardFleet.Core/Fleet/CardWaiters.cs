using Akka.Actor;
using SmartCardFleet.Abstractions.Cards;

namespace SmartCardFleet.Core.Fleet;

/// <summary>The WaitForCard requests a manager holds: who waits for which ATR pattern, until when. Plain: the manager
/// runs the timers and sends the answers.</summary>
internal sealed class CardWaiters
{
    private readonly Dictionary<Guid, CardWaiter> _waiters = [];

    public Guid Add(AtrPattern pattern, IActorRef replyTo, TimeSpan timeout)
    {
        var key = Guid.NewGuid();
        _waiters[key] = new CardWaiter(pattern, replyTo, timeout);
        return key;
    }

    /// <summary>The waiter whose time ran out, or null when it was answered already.</summary>
    public CardWaiter? Expire(Guid key) => _waiters.Remove(key, out var waiter) ? waiter : null;

    /// <summary>Removes and returns the waiters a card with <paramref name="atr"/> satisfies (none for a mute card).</summary>
    public IReadOnlyList<(Guid Key, CardWaiter Waiter)> TakeMatching(byte[] atr, bool mute)
    {
        if (mute)
        {
            return [];
        }

        var matching = _waiters.Where(w => w.Value.Pattern.Matches(atr)).Select(w => (w.Key, w.Value)).ToList();
        foreach (var (key, _) in matching)
        {
            _waiters.Remove(key);
        }

        return matching;
    }
}

internal sealed record CardWaiter(AtrPattern Pattern, IActorRef ReplyTo, TimeSpan Timeout);
