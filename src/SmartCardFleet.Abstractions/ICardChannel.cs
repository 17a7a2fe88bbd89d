using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Cards;

namespace SmartCardFleet.Abstractions;

/// <summary>
/// The host-owned connection to one card that a plugin uses. Plugins never see PC/SC handles: the host's reader
/// actor performs each exchange and owns transactions, reconnects and resets.
/// </summary>
/// <remarks>
/// The host's channel transmits exactly what it is given. Plugins wrap it with
/// <see cref="ResponseHandlingChannel"/> (done by <c>Iso7816SessionBase</c>) to get GET RESPONSE and wrong-Le
/// handling consistently.
/// </remarks>
public interface ICardChannel
{
    /// <summary>The ATR of the card as it was when the channel was created or last reset.</summary>
    Atr Atr { get; }

    /// <summary>The reader the card sits in.</summary>
    ReaderInfo Reader { get; }

    /// <summary>
    /// Cancelled when the card is reset (by anyone) or removed. The host then calls
    /// <c>ICardSession.OnCardResetAsync</c>; read this property again afterwards to get the token for the new
    /// card state.
    /// </summary>
    CancellationToken CardResetToken { get; }

    /// <summary>Sends one command and returns the card's response.</summary>
    /// <param name="command">The command APDU.</param>
    /// <param name="cancellationToken">Cancels waiting for the exchange.</param>
    /// <returns>The response APDU.</returns>
    Task<ResponseApdu> TransmitAsync(CommandApdu command, CancellationToken cancellationToken = default);
}
