using System.Runtime.InteropServices;

namespace SmartCardFleet.Pcsc.Interop.Windows;

/// <summary>winscard's protocol control information: two DWORDs, 8 bytes on every Windows architecture.
/// Declared for layout tests; the binding passes the exported <c>g_rgSCard*Pci</c> instances.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SCARD_IO_REQUEST
{
    public uint dwProtocol;
    public uint cbPciLength;
}
