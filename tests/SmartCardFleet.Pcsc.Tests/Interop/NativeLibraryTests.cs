using SmartCardFleet.Pcsc.Interop;

namespace SmartCardFleet.Pcsc.Tests.Interop;

/// <summary>Loads the real client library without talking to a daemon: daemon behaviour is in the integration tests.</summary>
public sealed class NativeLibraryTests
{
    [Fact]
    public void The_platform_library_loads_and_exports_the_three_pcis()
    {
        var pci = PcscPciExports.Resolve();
        Assert.NotEqual(0, pci.T0);
        Assert.NotEqual(0, pci.T1);
        Assert.NotEqual(0, pci.Raw);
    }

    [Fact]
    public unsafe void The_exported_pcis_carry_their_protocol_numbers()
    {
        var pci = PcscPciExports.Resolve();
        // dwProtocol is the first field on every platform; read it at the platform's width.
        var raw = OperatingSystem.IsWindows() ? 0x10000u : 4u;
        Assert.Equal(1u, ReadProtocol(pci.T0));
        Assert.Equal(2u, ReadProtocol(pci.T1));
        Assert.Equal(raw, ReadProtocol(pci.Raw));
    }

    [Fact]
    public void The_factory_picks_the_binding_for_this_os()
    {
        var api = PcscApi.CreateNative();
        var expected = OperatingSystem.IsWindows() ? "winscard" : OperatingSystem.IsMacOS() ? "PCSC.framework" : "pcsc-lite";
        Assert.Equal(expected, api.Name);
    }

    private static unsafe uint ReadProtocol(nint pci) =>
        OperatingSystem.IsLinux() && IntPtr.Size == 8 ? (uint)*(ulong*)pci : *(uint*)pci;
}
