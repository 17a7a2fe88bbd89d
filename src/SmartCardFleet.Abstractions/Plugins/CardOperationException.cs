using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Text;

namespace SmartCardFleet.Abstractions.Plugins;

/// <summary>The kinds of typed failure a card operation reports.</summary>
public enum CardOperationError
{
    /// <summary>The session has no operation with the requested name.</summary>
    UnknownOperation,

    /// <summary>An argument is missing, has the wrong JSON type or an invalid value.</summary>
    InvalidArgument,

    /// <summary>The card answered with an error status word (see <see cref="CardOperationException.StatusWord"/>).</summary>
    CardError,

    /// <summary>The card or plugin does not support what was asked.</summary>
    NotSupported,
}

/// <summary>A typed failure of a card operation, with a message fit to show to the requester.</summary>
public sealed class CardOperationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="error">The failure kind.</param>
    /// <param name="message">A clear message (never containing secrets).</param>
    /// <param name="statusWord">The card's status word for <see cref="CardOperationError.CardError"/>.</param>
    /// <param name="argument">The argument name for <see cref="CardOperationError.InvalidArgument"/>.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public CardOperationException(CardOperationError error, string message, StatusWord? statusWord = null, string? argument = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
        StatusWord = statusWord;
        Argument = argument;
    }

    /// <summary>Creates a <see cref="CardOperationError.NotSupported"/> failure with a generic message.</summary>
    public CardOperationException()
        : this(CardOperationError.NotSupported, "The card operation failed.")
    {
    }

    /// <summary>Creates a <see cref="CardOperationError.NotSupported"/> failure with a message.</summary>
    /// <param name="message">The message.</param>
    public CardOperationException(string message)
        : this(CardOperationError.NotSupported, message)
    {
    }

    /// <summary>Creates a <see cref="CardOperationError.NotSupported"/> failure with a message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public CardOperationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = CardOperationError.NotSupported;
    }

    /// <summary>The failure kind.</summary>
    public CardOperationError Error { get; }

    /// <summary>The card's status word, for card errors.</summary>
    public StatusWord? StatusWord { get; }

    /// <summary>The offending argument, for invalid arguments.</summary>
    public string? Argument { get; }

    /// <summary>An unknown operation, listing the known ones.</summary>
    /// <param name="operation">The requested name.</param>
    /// <param name="known">The operations the session offers.</param>
    /// <returns>The exception.</returns>
    public static CardOperationException UnknownOperation(string operation, IEnumerable<string> known) =>
        new(CardOperationError.UnknownOperation,
            $"Unknown operation \"{Bounded.Echo(operation)}\". Known operations: {string.Join(", ", known.Order(StringComparer.Ordinal))}.");

    /// <summary>An invalid argument.</summary>
    /// <param name="argument">The argument name.</param>
    /// <param name="problem">What is wrong, for example "is missing".</param>
    /// <returns>The exception.</returns>
    public static CardOperationException InvalidArgument(string argument, string problem) =>
        new(CardOperationError.InvalidArgument, $"Argument \"{argument}\" {problem}.", argument: argument);

    /// <summary>A card error from a status word.</summary>
    /// <param name="statusWord">The card's answer.</param>
    /// <param name="what">What was attempted, for example "SELECT of the PIV application".</param>
    /// <returns>The exception.</returns>
    public static CardOperationException CardError(StatusWord statusWord, string what) =>
        new(CardOperationError.CardError, $"{what} failed: the card answered {statusWord}.", statusWord);

    /// <summary>The failure an error status word means.</summary>
    /// <param name="statusWord">The card's answer, not 90 00.</param>
    /// <param name="what">What was attempted, for example "GET DATA (UID)".</param>
    /// <returns>
    /// <see cref="CardOperationError.NotSupported"/> when the card says it cannot do this at all (6A81 function not
    /// supported, 6D00 instruction not supported, 6E00 class not supported), otherwise
    /// <see cref="CardOperationError.CardError"/> (<see cref="CardError"/>). Both carry the status word.
    /// </returns>
    public static CardOperationException ForStatusWord(StatusWord statusWord, string what) =>
        statusWord.Value is 0x6A81 or 0x6D00 or 0x6E00
            ? new(CardOperationError.NotSupported, $"{what} is not supported by this card or reader (the card answered {statusWord}).", statusWord)
            : CardError(statusWord, what);

    /// <summary>An unsupported feature.</summary>
    /// <param name="what">What is not supported.</param>
    /// <returns>The exception.</returns>
    public static CardOperationException NotSupported(string what) =>
        new(CardOperationError.NotSupported, $"Not supported: {what}.");
}
