using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Linux = SmartCardFleet.Pcsc.Interop.Linux;
using MacOS = SmartCardFleet.Pcsc.Interop.MacOS;
using Windows = SmartCardFleet.Pcsc.Interop.Windows;

namespace SmartCardFleet.Pcsc.Tests.Interop;

/// <summary>
/// The native layouts of docs/pcsc-notes.md §10. The pointer-sized rows depend on the process: the 64-bit figures are
/// checked when the tests run as x64/arm64, the 32-bit ones (Windows x86 56, Linux ILP32 56) when run as x86.
/// </summary>
public sealed class StructLayoutTests
{
    private static readonly bool Is64Bit = IntPtr.Size == 8;

    [Fact]
    public void Linux_readerstate_is_80_bytes_on_LP64_with_offsets_16_24_32_40()
    {
        Assert.Equal(Is64Bit ? 80 : 56, Marshal.SizeOf<Linux.SCARD_READERSTATE>());
        Assert.Equal(Is64Bit ? 80 : 56, Unsafe.SizeOf<Linux.SCARD_READERSTATE>());
        AssertOffsets<Linux.SCARD_READERSTATE>(Is64Bit ? [16, 24, 32, 40] : [8, 12, 16, 20]);
        Assert.Equal(33, Linux.SCARD_READERSTATE.MaxAtrSize);
    }

    [Fact]
    public void Windows_readerstate_is_64_bytes_on_x64_and_56_on_x86_with_a_36_byte_atr()
    {
        Assert.Equal(Is64Bit ? 64 : 56, Marshal.SizeOf<Windows.SCARD_READERSTATE>());
        Assert.Equal(Is64Bit ? 64 : 56, Unsafe.SizeOf<Windows.SCARD_READERSTATE>());
        AssertOffsets<Windows.SCARD_READERSTATE>(Is64Bit ? [16, 20, 24, 28] : [8, 12, 16, 20]);
        Assert.Equal(36, Windows.SCARD_READERSTATE.MaxAtrSize);
    }

    [Fact]
    public void MacOS_readerstate_is_packed_to_61_bytes_so_arrays_stride_61()
    {
        Assert.Equal(Is64Bit ? 61 : 53, Marshal.SizeOf<MacOS.SCARD_READERSTATE>());
        Assert.Equal(Is64Bit ? 61 : 53, Unsafe.SizeOf<MacOS.SCARD_READERSTATE>());
        AssertOffsets<MacOS.SCARD_READERSTATE>(Is64Bit ? [16, 20, 24, 28] : [8, 12, 16, 20]);
        Assert.Equal(33, MacOS.SCARD_READERSTATE.MaxAtrSize);
    }

    [Fact]
    public unsafe void MacOS_readerstate_array_elements_are_61_bytes_apart()
    {
        var array = new MacOS.SCARD_READERSTATE[2];
        fixed (MacOS.SCARD_READERSTATE* first = array)
        {
            Assert.Equal(Is64Bit ? 61 : 53, (int)((byte*)&first[1] - (byte*)first));
        }
    }

    [Fact]
    public void Linux_io_request_is_16_bytes_on_LP64_with_offsets_0_and_8()
    {
        Assert.Equal(Is64Bit ? 16 : 8, Marshal.SizeOf<Linux.SCARD_IO_REQUEST>());
        Assert.Equal(0, (int)Marshal.OffsetOf<Linux.SCARD_IO_REQUEST>(nameof(Linux.SCARD_IO_REQUEST.dwProtocol)));
        Assert.Equal(Is64Bit ? 8 : 4,
            (int)Marshal.OffsetOf<Linux.SCARD_IO_REQUEST>(nameof(Linux.SCARD_IO_REQUEST.cbPciLength)));
    }

    [Fact]
    public void Windows_and_macOS_io_requests_are_8_bytes_with_offsets_0_and_4()
    {
        Assert.Equal(8, Marshal.SizeOf<Windows.SCARD_IO_REQUEST>());
        Assert.Equal(4, (int)Marshal.OffsetOf<Windows.SCARD_IO_REQUEST>(nameof(Windows.SCARD_IO_REQUEST.cbPciLength)));
        Assert.Equal(8, Marshal.SizeOf<MacOS.SCARD_IO_REQUEST>());
        Assert.Equal(4, (int)Marshal.OffsetOf<MacOS.SCARD_IO_REQUEST>(nameof(MacOS.SCARD_IO_REQUEST.cbPciLength)));
    }

    private static void AssertOffsets<T>(int[] expected)
    {
        string[] fields = ["dwCurrentState", "dwEventState", "cbAtr", "rgbAtr"];
        var actual = fields.Select(f => (int)Marshal.OffsetOf<T>(f)).ToArray();
        Assert.Equal(expected, actual);
    }
}
