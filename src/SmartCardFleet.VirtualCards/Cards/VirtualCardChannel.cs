using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Cards;

namespace SmartCardFleet.VirtualCards.Cards;

/// <summary>
/// A virtual card as a plugin sees it through the station, without a reader: an SDK card channel whose every command
/// goes to the card as bytes and whose answers come back raw (61xx / 6Cxx included), as PC/SC hands them over. Plugin
/// specs give it to the test kit's PluginHarness where the emulated card (a file system, an NDEF message, PIN counters,
/// a card script) is a better script than expectations of exact commands.
/// </summary>
public sealed class VirtualCardChannel(IVirtualCard card) : ICardChannel
{
    public Atr Atr { get; } = Atr.Parse(card.Atr);

    public ReaderInfo Reader { get; } = new("virtual-reader", "Virtual Reader 00 00");

    /// <summary>Never cancelled: nothing resets the card behind this channel's back.</summary>
    public CancellationToken CardResetToken => CancellationToken.None;

    public Task<ResponseApdu> TransmitAsync(CommandApdu command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return Task.FromResult(ResponseApdu.Parse(card.Process(command.ToBytes())));
    }
}
