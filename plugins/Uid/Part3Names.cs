using System.Globalization;

namespace SmartCardFleet.Plugins.Uid;

/// <summary>Names of the standard byte and card name codes of PC/SC part 3 storage-card ATRs (the common ones).</summary>
internal static class Part3Names
{
    public static string Standard(byte code) => code switch
    {
        0x01 => "ISO 14443 A part 1",
        0x02 => "ISO 14443 A part 2",
        0x03 => "ISO 14443 A part 3",
        0x05 => "ISO 14443 B part 1",
        0x06 => "ISO 14443 B part 2",
        0x07 => "ISO 14443 B part 3",
        0x09 => "ISO 15693 part 1",
        0x0B => "ISO 15693 part 3",
        0x11 => "FeliCa",
        _ => string.Create(CultureInfo.InvariantCulture, $"unknown standard 0x{code:X2}"),
    };

    public static string Card(ushort code) => code switch
    {
        0x0001 => "MIFARE Classic 1K",
        0x0002 => "MIFARE Classic 4K",
        0x0003 => "MIFARE Ultralight",
        0x0026 => "MIFARE Mini",
        0x003A => "MIFARE Ultralight C",
        0x0036 => "MIFARE Plus SL1 2K",
        0x0037 => "MIFARE Plus SL1 4K",
        0x0038 => "MIFARE Plus SL2 2K",
        0x0039 => "MIFARE Plus SL2 4K",
        0x0030 => "Topaz and Jewel",
        0x003B => "FeliCa",
        _ => string.Create(CultureInfo.InvariantCulture, $"unknown card 0x{code:X4}"),
    };
}
