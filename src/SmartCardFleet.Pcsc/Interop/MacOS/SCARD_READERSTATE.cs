using System.Runtime.InteropServices;

namespace SmartCardFleet.Pcsc.Interop.MacOS;

/// <summary>
/// PCSC.framework's SCARD_READERSTATE is declared under <c>#pragma pack(1)</c> with 32-bit DWORDs and a 33-byte ATR:
/// 61 bytes, offsets 16/20/24/28, and an array stride of 61 (no tail padding; WSCT's unpacked version strides 64).
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal unsafe struct SCARD_READERSTATE : IReaderStateStruct<SCARD_READERSTATE>
{
    public const int MaxAtrSize = 33;

    public nint szReader;
    public nint pvUserData;
    public uint dwCurrentState;
    public uint dwEventState;
    public uint cbAtr;
    public fixed byte rgbAtr[MaxAtrSize];

    static int IReaderStateStruct<SCARD_READERSTATE>.AtrCapacity => MaxAtrSize;

    /// <summary>PCSC.framework reader names are UTF-8.</summary>
    public static nint AllocateReaderName(string readerName) => Marshal.StringToCoTaskMemUTF8(readerName);

    public static SCARD_READERSTATE Create(nint readerName, uint currentState) =>
        new() { szReader = readerName, dwCurrentState = currentState };

    public static uint GetEventState(in SCARD_READERSTATE state) => state.dwEventState;

    public static nuint GetAtrLength(in SCARD_READERSTATE state) => state.cbAtr;

    public static Span<byte> GetAtrBuffer(ref SCARD_READERSTATE state) =>
        MemoryMarshal.CreateSpan(ref state.rgbAtr[0], MaxAtrSize);
}
