namespace SmartCardFleet.Pcsc;

/// <summary>Bits of <see cref="PcscAttributes.Characteristics"/>.</summary>
[Flags]
public enum ReaderMechanicalCharacteristics : uint
{
    None = 0,
    Swallows = 0x1,
    Ejects = 0x2,
    Captures = 0x4,
}
