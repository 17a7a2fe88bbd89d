using SmartCardFleet.Abstractions.Apdu;

namespace SmartCardFleet.Abstractions.Plugins;

/// <summary>Turns a card's error answer into the typed failure the host reports.</summary>
public static class ResponseExpectations
{
    /// <summary>Returns the response when it is 90 00; otherwise throws the failure its status word means.</summary>
    /// <param name="response">The card's answer.</param>
    /// <param name="what">What was attempted, for the message, for example <c>"READ BINARY of page 4"</c>.</param>
    /// <returns><paramref name="response"/>, successful.</returns>
    /// <exception cref="CardOperationException">
    /// <see cref="CardOperationError.NotSupported"/> for 6A81, 6D00 and 6E00, otherwise
    /// <see cref="CardOperationError.CardError"/>; both carry the status word
    /// (<see cref="CardOperationException.ForStatusWord"/>).
    /// </exception>
    public static ResponseApdu ExpectSuccess(this ResponseApdu response, string what)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.IsSuccess ? response : throw CardOperationException.ForStatusWord(response.StatusWord, what);
    }
}
