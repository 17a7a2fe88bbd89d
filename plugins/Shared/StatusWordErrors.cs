using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Plugins;

namespace SmartCardFleet.Plugins.Shared;

/// <summary>Turns an error status word into the typed failure the host reports.</summary>
internal static class StatusWordErrors
{
    /// <summary>6A81 / 6D00 / 6E00 mean "this card cannot do that" rather than a failed attempt.</summary>
    public static CardOperationException For(ResponseApdu response, string what)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.StatusWord.Value is 0x6A81 or 0x6D00 or 0x6E00
            ? new CardOperationException(CardOperationError.NotSupported,
                $"{what} is not supported by this card or reader (the card answered {response.StatusWord}).", response.StatusWord)
            : CardOperationException.CardError(response.StatusWord, what);
    }

    public static ResponseApdu ExpectSuccess(this ResponseApdu response, string what) =>
        response.IsSuccess ? response : throw For(response, what);
}
