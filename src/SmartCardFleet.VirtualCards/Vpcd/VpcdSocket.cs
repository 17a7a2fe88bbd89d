using System.Net.Sockets;

namespace SmartCardFleet.VirtualCards.Vpcd;

/// <summary>
/// The vpcd wire: every message is a 2-byte big-endian length and a body. vpcd writes length and body as two
/// small writes without TCP_NODELAY, so unless the card acknowledges at once Linux's delayed ACK adds ~40 ms per
/// APDU (docs/test-fleet.md, "Latency: Nagle and delayed ACK"). Hence TCP_NODELAY, and TCP_QUICKACK re-armed after
/// every receive (Linux clears it).
/// </summary>
internal static class VpcdSocket
{
    private const int IpProtoTcp = 6;
    private const int TcpQuickAck = 12;
    private static readonly byte[] One = BitConverter.GetBytes(1);

    public static void Tune(Socket socket)
    {
        socket.NoDelay = true;
        ArmQuickAck(socket);
    }

    public static void ArmQuickAck(Socket socket)
    {
        if (OperatingSystem.IsLinux())
        {
            socket.SetRawSocketOption(IpProtoTcp, TcpQuickAck, One);
        }
    }

    /// <summary>Reads one message; null when the peer closed the connection.</summary>
    public static byte[]? ReceiveMessage(Socket socket)
    {
        var header = new byte[2];
        if (!ReceiveExactly(socket, header))
        {
            return null;
        }

        var body = new byte[(header[0] << 8) | header[1]];
        return ReceiveExactly(socket, body) ? body : null;
    }

    public static void SendMessage(Socket socket, ReadOnlySpan<byte> body)
    {
        if (body.Length > ushort.MaxValue)
        {
            throw new ArgumentException("A vpcd message holds at most 65535 bytes.", nameof(body));
        }

        var frame = new byte[body.Length + 2];
        frame[0] = (byte)(body.Length >> 8);
        frame[1] = (byte)body.Length;
        body.CopyTo(frame.AsSpan(2));
        int sent = 0;
        while (sent < frame.Length)
        {
            sent += socket.Send(frame, sent, frame.Length - sent, SocketFlags.None);
        }
    }

    private static bool ReceiveExactly(Socket socket, byte[] buffer)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n = socket.Receive(buffer, read, buffer.Length - read, SocketFlags.None);
            if (n == 0)
            {
                return false;
            }

            ArmQuickAck(socket);
            read += n;
        }

        return true;
    }
}
