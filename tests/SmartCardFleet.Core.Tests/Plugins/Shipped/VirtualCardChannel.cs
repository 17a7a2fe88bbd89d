using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.VirtualCards.Cards;

namespace SmartCardFleet.Core.Tests.Plugins.Shipped;

/// <summary>
/// A virtual card as a plugin sees it through the station, for the test kit's <see cref="PluginHarness"/>: every
/// command goes to the card as bytes and its answer comes back raw (61xx / 6Cxx included), as PC/SC hands it over.
/// Where a spec is about what the plugin does with a card's content (file systems, NDEF messages, PIN counters), the
/// emulated card is the better script; where it is about the exact commands, a <see cref="ScriptedCardChannel"/> is.
/// </summary>
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
