using System.Runtime.InteropServices;

namespace SmartCardFleet.Pcsc.Interop.Windows;

/// <summary>
/// winscard's SCARD_READERSTATEW: DWORD is always 32 bits and the ATR buffer is 36 bytes, so the struct is 64 bytes
/// on x64 (offsets 16/20/24/28) and 56 on x86 (8/12/16/20). <c>szReader</c> points to a UTF-16 string.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SCARD_READERSTATE : IReaderStateStruct<SCARD_READERSTATE>
{
    public const int MaxAtrSize = 36;

    public nint szReader;
    public nint pvUserData;
    public uint dwCurrentState;
    public uint dwEventState;
    public uint cbAtr;
    public fixed byte rgbAtr[MaxAtrSize];

    static int IReaderStateStruct<SCARD_READERSTATE>.AtrCapacity => MaxAtrSize;

    /// <summary>SCARD_READERSTATEW: <c>szReader</c> is UTF-16.</summary>
    public static nint AllocateReaderName(string readerName) => Marshal.StringToCoTaskMemUni(readerName);

    public static SCARD_READERSTATE Create(nint readerName, uint currentState) =>
        new() { szReader = readerName, dwCurrentState = currentState };

    public static uint GetEventState(in SCARD_READERSTATE state) => state.dwEventState;

    public static nuint GetAtrLength(in SCARD_READERSTATE state) => state.cbAtr;

    public static Span<byte> GetAtrBuffer(ref SCARD_READERSTATE state) =>
        MemoryMarshal.CreateSpan(ref state.rgbAtr[0], MaxAtrSize);
}
