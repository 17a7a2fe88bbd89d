using System.Runtime.InteropServices;

namespace SmartCardFleet.Pcsc.Interop.Linux;

/// <summary>pcsc-lite's protocol control information: two <c>unsigned long</c>, 16 bytes on LP64, 8 on 32-bit.
/// Declared for layout tests and documentation; the binding only passes the library's exported instances.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SCARD_IO_REQUEST
{
    public CULong dwProtocol;
    public CULong cbPciLength;
}
