namespace SmartCardFleet.VirtualCards.Simulation;

/// <summary>SCARD_ATTR_* identifiers the simulated readers answer (values from the PC/SC headers).</summary>
internal static class ReaderAttributes
{
    public const uint VendorName = 0x00010100;
    public const uint VendorIfdType = 0x00010101;
    public const uint VendorIfdVersion = 0x00010102;
    public const uint VendorIfdSerialNo = 0x00010103;
    public const uint Characteristics = 0x00060150;
    public const uint AtrString = 0x00090303;
    public const uint DeviceFriendlyName = 0x7FFF0003;

    /// <summary>SCARD_ATTR_CHARACTERISTICS bit: the reader can eject the card.</summary>
    public const uint CharacteristicEject = 0x2;
}
