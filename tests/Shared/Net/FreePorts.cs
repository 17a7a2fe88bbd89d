using System.Net;
using System.Net.Sockets;

namespace SmartCardFleet.Testing;

/// <summary>A loopback TCP port nobody listens on now, asked from the OS, so tests never collide with each other or with
/// other runs on the machine (never a fixed 4053 or 5080). Linked into every test project that starts nodes.</summary>
internal static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
