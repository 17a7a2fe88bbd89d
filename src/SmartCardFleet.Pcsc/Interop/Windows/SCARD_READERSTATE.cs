using System.Runtime.InteropServices;

namespace SmartCardFleet.Pcsc.Interop.Windows;

/// <summary>
/// winscard's SCARD_READERSTATEW: DWORD is always 32 bits and the ATR buffer is 36 bytes, so the struct is 64 bytes
/// on x64 (offsets 16/20/24/28) and 56 on x86 (8/12/16/20). <c>szReader</c> points to a UTF-16 string.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SCARD_READERSTATE
{
    public const int MaxAtrSize = 36;

    public nint szReader;
    public nint pvUserData;
    public uint dwCurrentState;
    public uint dwEventState;
    public uint cbAtr;
    public fixed byte rgbAtr[MaxAtrSize];
}
