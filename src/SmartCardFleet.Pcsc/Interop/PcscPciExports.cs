namespace SmartCardFleet.Pcsc.Interop;

/// <summary>
/// The protocol control information structures exported by the client library. They are used by address only:
/// building them by hand gets the LP64 size wrong, and NULL makes pcsc-lite answer SCARD_E_INVALID_PARAMETER.
/// </summary>
internal sealed class PcscPciExports
{
    public const string T0Symbol = "g_rgSCardT0Pci";
    public const string T1Symbol = "g_rgSCardT1Pci";
    public const string RawSymbol = "g_rgSCardRawPci";

    internal PcscPciExports(nint t0, nint t1, nint raw)
    {
        T0 = t0;
        T1 = t1;
        Raw = raw;
    }

    public nint T0 { get; }

    public nint T1 { get; }

    public nint Raw { get; }

    public static PcscPciExports Resolve() =>
        new(PcscNativeLibrary.GetExport(T0Symbol), PcscNativeLibrary.GetExport(T1Symbol),
            PcscNativeLibrary.GetExport(RawSymbol));

    /// <summary>The PCI for the card's active protocol; false for a protocol that has none (Undefined, T15).</summary>
    public bool TryGet(CardProtocol protocol, out nint pci)
    {
        pci = protocol switch
        {
            CardProtocol.T0 => T0,
            CardProtocol.T1 => T1,
            CardProtocol.Raw => Raw,
            _ => 0,
        };
        return pci != 0;
    }
}
