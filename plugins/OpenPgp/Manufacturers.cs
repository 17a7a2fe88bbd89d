using System.Globalization;

namespace SmartCardFleet.Plugins.OpenPgp;

/// <summary>OpenPGP card manufacturer ids (the registry kept by the specification's author; common entries).</summary>
internal static class Manufacturers
{
    public static string Name(ushort id) => id switch
    {
        0x0001 => "PPC Card Systems",
        0x0002 => "Prism",
        0x0003 => "OpenFortress",
        0x0004 => "Wewid",
        0x0005 => "ZeitControl",
        0x0006 => "Yubico",
        0x0007 => "OpenKMS",
        0x0008 => "LogoEmail",
        0x000F => "Nitrokey",
        0x002A => "Magrathea",
        0x0042 => "GnuPG e.V.",
        0xF517 => "FSIJ",
        0xFF00 or 0xFFFE or 0xFFFF => "test card",
        _ => string.Create(CultureInfo.InvariantCulture, $"unknown (0x{id:X4})"),
    };
}
