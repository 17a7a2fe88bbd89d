using SmartCardFleet.VirtualCards.Cards;

namespace SmartCardFleet.VirtualCards.Faults;

/// <summary>How one command exchange with a virtual card ended.</summary>
public enum CardExchangeOutcome
{
    /// <summary>The card answered (possibly late or with a corrupted status word).</summary>
    Answered,

    /// <summary>The removal fault fired: the card left before answering.</summary>
    RemovedDuringCommand,

    /// <summary>The transport gave up waiting (its token was cancelled, e.g. the card was removed by the test).</summary>
    Interrupted,
}

/// <summary>The result of <see cref="CardExchange.Transmit"/>; <see cref="Response"/> is empty unless answered.</summary>
public readonly record struct CardExchangeResult(CardExchangeOutcome Outcome, byte[] Response);

/// <summary>
/// The one place where a transport runs a command through a card with its faults applied, so the vpcd client
/// and the simulated PC/SC behave alike. Blocks the calling thread for the card's latency, like a real reader.
/// </summary>
public static class CardExchange
{
    public static CardExchangeResult Transmit(IVirtualCard card, ReadOnlySpan<byte> command, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(card);
        byte ins = command.Length >= 2 ? command[1] : (byte)0;
        var plan = card.Faults.PlanCommand(ins);
        if (plan.Delay > TimeSpan.Zero && cancellation.WaitHandle.WaitOne(plan.Delay))
        {
            return new CardExchangeResult(CardExchangeOutcome.Interrupted, []);
        }

        if (cancellation.IsCancellationRequested)
        {
            return new CardExchangeResult(CardExchangeOutcome.Interrupted, []);
        }

        if (plan.RemoveBeforeAnswer)
        {
            return new CardExchangeResult(CardExchangeOutcome.RemovedDuringCommand, []);
        }

        var response = card.Process(command);
        if (plan.CorruptStatusWord is { } sw && response.Length >= 2)
        {
            response[^2] = (byte)(sw >> 8);
            response[^1] = (byte)sw;
        }

        return new CardExchangeResult(CardExchangeOutcome.Answered, response);
    }
}
