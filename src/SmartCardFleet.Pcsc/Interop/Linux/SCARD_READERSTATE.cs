using System.Runtime.InteropServices;

namespace SmartCardFleet.Pcsc.Interop.Linux;

/// <summary>
/// pcsc-lite's SCARD_READERSTATE: DWORD is <c>unsigned long</c>, so 8 bytes on LP64 (struct 80 bytes, offsets
/// 16/24/32/40) and 4 bytes on 32-bit Linux (56 bytes, offsets 8/12/16/20). The ATR buffer is MAX_ATR_SIZE = 33.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SCARD_READERSTATE : IReaderStateStruct<SCARD_READERSTATE>
{
    public const int MaxAtrSize = 33;

    public nint szReader;
    public nint pvUserData;
    public CULong dwCurrentState;
    public CULong dwEventState;
    public CULong cbAtr;
    public fixed byte rgbAtr[MaxAtrSize];

    static int IReaderStateStruct<SCARD_READERSTATE>.AtrCapacity => MaxAtrSize;

    /// <summary>pcsc-lite reader names are UTF-8.</summary>
    public static nint AllocateReaderName(string readerName) => Marshal.StringToCoTaskMemUTF8(readerName);

    public static SCARD_READERSTATE Create(nint readerName, uint currentState) =>
        new() { szReader = readerName, dwCurrentState = new CULong(currentState) };

    public static uint GetEventState(in SCARD_READERSTATE state) => (uint)state.dwEventState.Value;

    public static nuint GetAtrLength(in SCARD_READERSTATE state) => state.cbAtr.Value;

    public static Span<byte> GetAtrBuffer(ref SCARD_READERSTATE state) =>
        MemoryMarshal.CreateSpan(ref state.rgbAtr[0], MaxAtrSize);
}
