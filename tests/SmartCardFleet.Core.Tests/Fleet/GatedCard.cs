using SmartCardFleet.VirtualCards.Cards;

namespace SmartCardFleet.Core.Tests.Fleet;

/// <summary>A storage-card ATR whose every answer waits until the test opens the gate: a card that is slow for exactly
/// as long as the spec needs, without sleeping. Answers 90 00 to everything.</summary>
internal sealed class GatedCard() : VirtualCardBase("gated", AnswerToReset.Part3StorageCard(0x03, 0x0001))
{
    // Bounded so a failing spec cannot leave a reader thread blocked for ever.
    private static readonly TimeSpan MaxHold = TimeSpan.FromSeconds(30);

    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => _gate.TrySetResult();

    protected override byte[] HandleCommand(CardCommand command)
    {
        _gate.Task.Wait(MaxHold);
        return StatusWords.Only(StatusWords.Success);
    }
}
