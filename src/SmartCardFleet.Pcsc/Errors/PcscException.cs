namespace SmartCardFleet.Pcsc;

/// <summary>
/// A failed PC/SC call at the idiomatic level (<see cref="PcscContext"/>, <see cref="CardConnection"/>): the exact
/// code, its class and the operation, with a message such as
/// "SCardTransmit failed: the card was removed (SCARD_W_REMOVED_CARD 0x80100069)".
/// </summary>
public sealed class PcscException : Exception
{
    public PcscException(PcscError error, string operation, PcscCallKind kind = PcscCallKind.Unspecified)
        : base($"{operation} failed: {error.Describe()}")
    {
        Error = error;
        Operation = operation;
        Class = PcscErrorClassifier.Classify(error, kind);
        HResult = unchecked((int)error);
    }

    public PcscException()
        : this(PcscError.UnknownError, "PC/SC call")
    {
    }

    public PcscException(string message)
        : base(message)
    {
        Error = PcscError.UnknownError;
        Operation = "PC/SC call";
        Class = PcscErrorClass.Fatal;
    }

    public PcscException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = PcscError.UnknownError;
        Operation = "PC/SC call";
        Class = PcscErrorClass.Fatal;
    }

    /// <summary>The exact code returned by the call.</summary>
    public PcscError Error { get; }

    public PcscErrorClass Class { get; }

    /// <summary>The C function name, e.g. SCardTransmit.</summary>
    public string Operation { get; }
}
