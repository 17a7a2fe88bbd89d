using SmartCardFleet.Pcsc.Interop;
using SmartCardFleet.Pcsc.Interop.Linux;
using SmartCardFleet.Pcsc.Interop.MacOS;
using SmartCardFleet.Pcsc.Interop.Windows;

namespace SmartCardFleet.Pcsc;

/// <summary>Creates the native <see cref="IPcscApi"/> for the running OS.</summary>
public static class PcscApi
{
    /// <summary>
    /// The binding for this OS: winscard on Windows, PCSC.framework on macOS, libpcsclite.so.1 elsewhere. Loads the
    /// library and resolves its PCI exports now, so a missing library fails here (DllNotFoundException) rather
    /// than on the first call. No context is established.
    /// </summary>
    public static IPcscApi CreateNative() =>
        OperatingSystem.IsWindows() ? new WinSCardApi()
        : OperatingSystem.IsMacOS() ? new MacPcscApi()
        : new PcscLiteApi();

    /// <summary>The file name (macOS: absolute path) of the client library <see cref="CreateNative"/> loads.</summary>
    public static string NativeLibraryName => PcscNativeLibrary.PlatformLibraryName;
}
