namespace SmartCardFleet.Pcsc.Interop;

/// <summary>PC/SC multi-strings: NUL-separated names ended by an extra NUL (Windows may also return one for
/// the reader name of SCardStatus). Empty entries are dropped, so both ends of the encoding read the same.</summary>
internal static class MultiString
{
    public static IReadOnlyList<string> Parse(string decoded) =>
        decoded.Split('\0', StringSplitOptions.RemoveEmptyEntries);
}
