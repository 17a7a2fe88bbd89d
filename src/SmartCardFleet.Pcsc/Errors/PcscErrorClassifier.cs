namespace SmartCardFleet.Pcsc;

/// <summary>Classifies and describes PC/SC results from the single <see cref="PcscErrorTable"/>.</summary>
public static class PcscErrorClassifier
{
    /// <summary>Every known code with its default class, in code order.</summary>
    public static IReadOnlyList<PcscErrorInfo> KnownErrors => PcscErrorTable.Rows;

    /// <summary>The class of <paramref name="error"/>; <paramref name="kind"/> refines the few context-sensitive codes.
    /// A value outside the table (a future code) is <see cref="PcscErrorClass.Fatal"/>, never silently success.</summary>
    public static PcscErrorClass Classify(PcscError error, PcscCallKind kind = PcscCallKind.Unspecified)
    {
        if (kind != PcscCallKind.Unspecified && PcscErrorTable.ByErrorAndKind.TryGetValue((error, kind), out var refined))
        {
            return refined;
        }

        return PcscErrorTable.ByError.TryGetValue(error, out var info) ? info.Class : PcscErrorClass.Fatal;
    }

    /// <summary>The table row, or a synthesised one for a code the table does not know.</summary>
    public static PcscErrorInfo GetInfo(PcscError error) =>
        PcscErrorTable.ByError.TryGetValue(error, out var info)
            ? info
            : new PcscErrorInfo(error, $"0x{(uint)error:X8}", PcscErrorClass.Fatal, "an unknown PC/SC error code was returned");
}
