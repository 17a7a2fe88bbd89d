using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.VirtualCards.Cards;

namespace SmartCardFleet.Templates.Tests;

/// <summary>A card channel straight onto a virtual card, without a reader: enough to play a card script to a plugin.</summary>
internal sealed class VirtualCardChannel(IVirtualCard card) : ICardChannel
{
    public Atr Atr { get; } = Atr.Parse(card.Atr);

    public ReaderInfo Reader { get; } = new("virtual-reader", "Virtual Reader 00 00");

    public CancellationToken CardResetToken => CancellationToken.None;

    public Task<ResponseApdu> TransmitAsync(CommandApdu command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return Task.FromResult(ResponseApdu.Parse(card.Process(command.ToBytes())));
    }
}
