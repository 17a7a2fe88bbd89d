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

    /// <summary>
    /// Sends several commands in order and returns one response per command. Meant for a sequence known in advance
    /// (chunks of an UPDATE BINARY, READ BINARY of known blocks): the host's channel hands the whole sequence to the
    /// reader's thread at once instead of once per command. An error status word (6A82, 6982, ...) is an answer and
    /// does not stop the sequence, so batch only commands that may run whatever the earlier ones answered; a channel
    /// failure (card gone, reader error) stops it and throws like <see cref="TransmitAsync"/>.
    /// </summary>
    /// <remarks>Since SDK 1.1. The default sends the commands one by one through <see cref="TransmitAsync"/>, so
    /// every channel supports it; the host's channel and <see cref="ResponseHandlingChannel"/> override it.</remarks>
    /// <param name="commands">The commands, in the order they are sent.</param>
    /// <param name="cancellationToken">Cancels waiting for the exchanges.</param>
    /// <returns>The responses, one per command, in order.</returns>
    async Task<IReadOnlyList<ResponseApdu>> TransmitBatchAsync(IReadOnlyList<CommandApdu> commands, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var responses = new ResponseApdu[commands.Count];
        for (var i = 0; i < commands.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            responses[i] = await TransmitAsync(commands[i], cancellationToken);
        }

        return responses;
    }
}
