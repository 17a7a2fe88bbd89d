using System.Runtime.InteropServices;

namespace SmartCardFleet.Pcsc.Interop.Linux;

/// <summary>
/// pcsc-lite's SCARD_READERSTATE: DWORD is <c>unsigned long</c>, so 8 bytes on LP64 (struct 80 bytes, offsets
/// 16/24/32/40) and 4 bytes on 32-bit Linux (56 bytes, offsets 8/12/16/20). The ATR buffer is MAX_ATR_SIZE = 33.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SCARD_READERSTATE
{
    public const int MaxAtrSize = 33;

    public nint szReader;
    public nint pvUserData;
    public CULong dwCurrentState;
    public CULong dwEventState;
    public CULong cbAtr;
    public fixed byte rgbAtr[MaxAtrSize];
}
