using System.Globalization;

namespace SmartCardFleet.Abstractions.Apdu;

/// <summary>
/// The two trailing status bytes SW1-SW2 of a response APDU, with the ISO/IEC 7816-4 meaning.
/// </summary>
/// <param name="Value">SW1 in the high byte, SW2 in the low byte (for example <c>0x9000</c>).</param>
public readonly record struct StatusWord(ushort Value)
{
    /// <summary>90 00: normal processing, no further qualification.</summary>
    public static readonly StatusWord Success = new(0x9000);

    /// <summary>Creates a status word from its two bytes.</summary>
    /// <param name="sw1">The first status byte.</param>
    /// <param name="sw2">The second status byte.</param>
    public StatusWord(byte sw1, byte sw2)
        : this((ushort)((sw1 << 8) | sw2))
    {
    }

    /// <summary>The first status byte.</summary>
    public byte Sw1 => (byte)(Value >> 8);

    /// <summary>The second status byte.</summary>
    public byte Sw2 => (byte)Value;

    /// <summary>True only for 90 00. A bare 61xx is not success: see <see cref="ResponseApdu.IsSuccess"/>.</summary>
    public bool IsSuccess => Value == 0x9000;

    /// <summary>The ISO/IEC 7816-4 meaning, or a generic text for proprietary values.</summary>
    public string Meaning => StatusWordMeanings.Describe(this);

    /// <summary>Formats as four upper-case hex digits followed by the meaning, for example <c>6982 (Security status not satisfied)</c>.</summary>
    /// <returns>A log-friendly description.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Value:X4} ({Meaning})");
}
