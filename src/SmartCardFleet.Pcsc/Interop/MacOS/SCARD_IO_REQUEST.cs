using System.Runtime.InteropServices;

namespace SmartCardFleet.Pcsc.Interop.MacOS;

/// <summary>PCSC.framework's protocol control information: two 32-bit DWORDs, packed, 8 bytes.
/// Declared for layout tests; the binding passes the exported <c>g_rgSCard*Pci</c> instances.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal struct SCARD_IO_REQUEST
{
    public uint dwProtocol;
    public uint cbPciLength;
}
