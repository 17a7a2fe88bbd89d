using System.Collections.Frozen;
using System.Globalization;

namespace SmartCardFleet.Abstractions.Apdu;

/// <summary>ISO/IEC 7816-4 status word texts (section 5.6, tables 5 and 6).</summary>
internal static class StatusWordMeanings
{
    private static readonly FrozenDictionary<ushort, string> Exact = new Dictionary<ushort, string>
    {
        [0x9000] = "Success",
        [0x6200] = "Warning: no information given, state of non-volatile memory unchanged",
        [0x6281] = "Warning: part of returned data may be corrupted",
        [0x6282] = "Warning: end of file or record reached before reading Ne bytes",
        [0x6283] = "Warning: selected file deactivated",
        [0x6284] = "Warning: file control information not formatted according to ISO 7816-4",
        [0x6285] = "Warning: selected file in termination state",
        [0x6286] = "Warning: no input data available from a sensor on the card",
        [0x6300] = "Warning: no information given, state of non-volatile memory changed",
        [0x6381] = "Warning: file filled up by the last write",
        [0x6400] = "Execution error: state of non-volatile memory unchanged",
        [0x6401] = "Execution error: immediate response required by the card",
        [0x6500] = "Execution error: no information given, state of non-volatile memory changed",
        [0x6581] = "Execution error: memory failure",
        [0x6700] = "Wrong length",
        [0x6800] = "Functions in CLA not supported",
        [0x6881] = "Logical channel not supported",
        [0x6882] = "Secure messaging not supported",
        [0x6883] = "Last command of the chain expected",
        [0x6884] = "Command chaining not supported",
        [0x6900] = "Command not allowed",
        [0x6981] = "Command incompatible with file structure",
        [0x6982] = "Security status not satisfied",
        [0x6983] = "Authentication method blocked",
        [0x6984] = "Reference data not usable",
        [0x6985] = "Conditions of use not satisfied",
        [0x6986] = "Command not allowed (no current EF)",
        [0x6987] = "Expected secure messaging data objects missing",
        [0x6988] = "Incorrect secure messaging data objects",
        [0x6A00] = "Wrong parameters P1-P2",
        [0x6A80] = "Incorrect parameters in the command data field",
        [0x6A81] = "Function not supported",
        [0x6A82] = "File or application not found",
        [0x6A83] = "Record not found",
        [0x6A84] = "Not enough memory space in the file",
        [0x6A85] = "Nc inconsistent with TLV structure",
        [0x6A86] = "Incorrect parameters P1-P2",
        [0x6A87] = "Nc inconsistent with parameters P1-P2",
        [0x6A88] = "Referenced data or reference data not found",
        [0x6A89] = "File already exists",
        [0x6A8A] = "DF name already exists",
        [0x6B00] = "Wrong parameters P1-P2 (offset outside the EF)",
        [0x6D00] = "Instruction code not supported or invalid",
        [0x6E00] = "Class not supported",
        [0x6F00] = "No precise diagnosis",
    }.ToFrozenDictionary();

    public static string Describe(StatusWord sw)
    {
        if (Exact.TryGetValue(sw.Value, out var text))
        {
            return text;
        }

        var n = sw.Sw2 == 0 ? 256 : sw.Sw2;
        return sw.Sw1 switch
        {
            0x61 => Invariant($"More data: {n} bytes still available (GET RESPONSE)"),
            0x6C => Invariant($"Wrong Le: resend with Le = {n}"),
            0x63 when (sw.Sw2 & 0xF0) == 0xC0 => Invariant($"Verification failed: {sw.Sw2 & 0x0F} retries left"),
            0x62 or 0x63 => "Warning (unlisted qualification)",
            0x64 or 0x65 or 0x66 => "Execution error (unlisted qualification)",
            >= 0x67 and <= 0x6F => "Checking error (unlisted qualification)",
            0x90 or >= 0x91 and <= 0x9F => "Proprietary status",
            _ => "Unknown status",
        };
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
