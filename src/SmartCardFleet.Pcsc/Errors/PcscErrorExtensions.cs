namespace SmartCardFleet.Pcsc;

/// <summary>Readable forms of <see cref="PcscError"/> for logs and exception messages.</summary>
public static class PcscErrorExtensions
{
    /// <summary>The C name, e.g. SCARD_W_REMOVED_CARD.</summary>
    public static string ToSymbol(this PcscError error) => PcscErrorClassifier.GetInfo(error).Symbol;

    /// <summary>"the card was removed (SCARD_W_REMOVED_CARD 0x80100069)".</summary>
    public static string Describe(this PcscError error) => PcscErrorClassifier.GetInfo(error).ToString();

    public static PcscErrorClass Classify(this PcscError error, PcscCallKind kind = PcscCallKind.Unspecified) =>
        PcscErrorClassifier.Classify(error, kind);

    /// <summary>Throws <see cref="PcscException"/> unless the result is success.</summary>
    public static void ThrowIfFailed(this PcscError error, string operation, PcscCallKind kind = PcscCallKind.Unspecified)
    {
        if (error != PcscError.Success)
        {
            throw new PcscException(error, operation, kind);
        }
    }
}
