namespace SmartCardFleet.Abstractions.Cards;

/// <summary>The coding convention announced by the ATR's initial character TS (ISO/IEC 7816-3 section 8.1).</summary>
public enum AtrConvention
{
    /// <summary>TS = 3B: direct convention.</summary>
    Direct = 0x3B,

    /// <summary>TS = 3F: inverse convention (PC/SC readers report the remaining bytes already decoded).</summary>
    Inverse = 0x3F,
}
