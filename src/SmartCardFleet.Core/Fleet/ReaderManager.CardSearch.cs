using SmartCardFleet.Abstractions.Cards;
using Akka.Actor;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Messaging;

namespace SmartCardFleet.Core.Fleet;

// FindCard / WaitForCard: answered from the monitor's view of which reader holds which ATR.
public sealed partial class ReaderManager
{
    private readonly Dictionary<Guid, CardWaiter> _waiters = [];

    private CardFound? FindNow(AtrPattern pattern) => FindAll(pattern).FirstOrDefault();

    private IEnumerable<CardFound> FindAll(AtrPattern pattern)
    {
        foreach (var (name, card) in _cards.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (!card.Mute && pattern.Matches(card.Atr) && _idsByName.TryGetValue(name, out var id))
            {
                yield return new CardFound(id, name, [.. card.Atr]);
            }
        }
    }

    private void OnFindCard(FindCard find)
    {
        if (find.Pattern is null)
        {
            Sender.Tell(new ReaderFailure(null, ReaderFailureReason.InvalidRequest, "FindCard needs a pattern"));
            return;
        }

        Sender.Tell(FindNow(find.Pattern) ?? (object)new ReaderFailure(null, ReaderFailureReason.NoCard,
            $"no reader holds a card matching {find.Pattern}"));
    }

    private void OnFindCards(FindCards find)
    {
        if (find.Pattern is null)
        {
            Sender.Tell(new ReaderFailure(null, ReaderFailureReason.InvalidRequest, "FindCards needs a pattern"));
            return;
        }

        Sender.Tell(new CardsFound([.. FindAll(find.Pattern)]));
    }

    private void OnWaitForCard(WaitForCard wait)
    {
        if (wait.Pattern is null || wait.Timeout <= TimeSpan.Zero)
        {
            Sender.Tell(new ReaderFailure(null, ReaderFailureReason.InvalidRequest, "WaitForCard needs a pattern and a positive timeout"));
            return;
        }

        if (FindNow(wait.Pattern) is { } found)
        {
            Sender.Tell(found);
            return;
        }

        var key = Guid.NewGuid();
        _waiters[key] = new CardWaiter(wait.Pattern, Sender, wait.Timeout);
        Timers.StartSingleTimer(key, new CardWaitExpired(key), wait.Timeout);
    }

    private void OnCardWaitExpired(CardWaitExpired expired)
    {
        if (_waiters.Remove(expired.Key, out var waiter))
        {
            waiter.ReplyTo.Tell(new ReaderFailure(null, ReaderFailureReason.Timeout,
                $"no card matching {waiter.Pattern} was inserted within {waiter.Timeout}"));
        }
    }

    private void NotifyCardWaiters(ReaderId id, string name, byte[] atr, bool mute)
    {
        if (mute)
        {
            return;
        }

        foreach (var (key, waiter) in _waiters.Where(w => w.Value.Pattern.Matches(atr)).ToList())
        {
            _waiters.Remove(key);
            Timers.Cancel(key);
            waiter.ReplyTo.Tell(new CardFound(id, name, [.. atr]));
        }
    }

    private sealed record CardWaiter(AtrPattern Pattern, IActorRef ReplyTo, TimeSpan Timeout);

    private sealed record CardWaitExpired(Guid Key) : ILocalOnlyMessage;
}
