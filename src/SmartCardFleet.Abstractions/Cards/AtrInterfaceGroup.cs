namespace SmartCardFleet.Abstractions.Cards;

/// <summary>
/// One level i of ATR interface bytes TAi, TBi, TCi, TDi (ISO/IEC 7816-3 section 8.2.3). Absent bytes are null.
/// </summary>
/// <param name="Level">The index i, starting at 1.</param>
/// <param name="Ta">TAi, if present.</param>
/// <param name="Tb">TBi, if present.</param>
/// <param name="Tc">TCi, if present.</param>
/// <param name="Td">TDi, if present; its low nibble names the protocol T of the next level.</param>
public sealed record AtrInterfaceGroup(int Level, byte? Ta, byte? Tb, byte? Tc, byte? Td)
{
    /// <summary>The protocol type T announced by TDi (low nibble), or null when TDi is absent.</summary>
    public int? NextProtocol => Td is { } td ? td & 0x0F : null;
}
