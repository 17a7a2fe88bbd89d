using System.Net;
using System.Net.Sockets;

namespace SmartCardFleet.Cluster.Tests.Support;

/// <summary>A loopback TCP port nobody listens on now, asked from the OS, so specs never collide with each other or with
/// other test runs on the machine (never a fixed 4053).</summary>
internal static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
