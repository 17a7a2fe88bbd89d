using System.Reflection;
using System.Runtime.InteropServices;

namespace SmartCardFleet.Pcsc.Interop;

/// <summary>
/// Maps the one logical library name every <c>[LibraryImport]</c> in this assembly uses to the platform's PC/SC
/// client library, and exposes the loaded module so the PCI exports can be resolved from the same image.
/// </summary>
internal static class PcscNativeLibrary
{
    /// <summary>The name used in every <c>[LibraryImport]</c>; never a real file name.</summary>
    public const string LogicalName = "smartcardfleet-pcsc";

    public const string LinuxLibrary = "libpcsclite.so.1";
    public const string WindowsLibrary = "winscard.dll";

    /// <summary>Absolute: the relative framework path throws DllNotFoundException on .NET 8+ (pcsc-sharp#119).</summary>
    public const string MacOSLibrary = "/System/Library/Frameworks/PCSC.framework/PCSC";

    private static readonly Lazy<nint> Module = new(LoadPlatformLibrary, LazyThreadSafetyMode.ExecutionAndPublication);

    // The resolver may be registered only once per assembly; the static constructor guarantees that.
    static PcscNativeLibrary() =>
        NativeLibrary.SetDllImportResolver(typeof(PcscNativeLibrary).Assembly, Resolve);

    /// <summary>The platform library file for the running OS.</summary>
    public static string PlatformLibraryName =>
        OperatingSystem.IsWindows() ? WindowsLibrary
        : OperatingSystem.IsMacOS() ? MacOSLibrary
        : LinuxLibrary;

    /// <summary>Loads the library (once) and returns its module handle; throws DllNotFoundException when absent.</summary>
    public static nint Handle => Module.Value;

    /// <summary>Address of an exported symbol (used for <c>g_rgSCardT0Pci</c> and friends).</summary>
    public static nint GetExport(string name) => NativeLibrary.GetExport(Handle, name);

    /// <summary>Registers the resolver; call before the first P/Invoke.</summary>
    public static void EnsureRegistered() => _ = Module.IsValueCreated;

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == LogicalName ? Handle : 0;

    private static nint LoadPlatformLibrary() => NativeLibrary.Load(PlatformLibraryName);
}
