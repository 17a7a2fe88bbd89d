using System.Net;
using System.Net.Sockets;

namespace SmartCardFleet.VirtualCards.Tests.Vpcd;

/// <summary>An in-test stand-in for one vpcd slot: listens on 127.0.0.1 with an ephemeral (or given) port.</summary>
internal sealed class FakeVpcd : IDisposable
{
    private readonly TcpListener _listener;

    public FakeVpcd(int port = 0)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
    }

    public int Port { get; }

    public async Task<FakeVpcdConnection> AcceptAsync()
    {
        var socket = await _listener.AcceptSocketAsync().WaitAsync(Eventually.DefaultDeadline);
        return new FakeVpcdConnection(socket);
    }

    /// <summary>A port nobody listens on right now.</summary>
    public static int FreePort()
    {
        using var probe = new FakeVpcd();
        return probe.Port;
    }

    public void Dispose() => _listener.Stop();
}

/// <summary>The server side of one card connection, speaking the vpcd framing.</summary>
internal sealed class FakeVpcdConnection(Socket socket) : IDisposable
{
    public Task SendControlAsync(byte control) => SendAsync([control]);

    public async Task<byte[]> ExchangeAsync(byte[] apdu)
    {
        await SendAsync(apdu);
        return await ReceiveAsync() ?? throw new InvalidOperationException("The card closed the connection.");
    }

    public async Task SendAsync(byte[] body)
    {
        // Like vpcd: the length and the body as two separate writes.
        await socket.SendAsync(new byte[] { (byte)(body.Length >> 8), (byte)body.Length }, SocketFlags.None);
        await socket.SendAsync(body, SocketFlags.None);
    }

    /// <summary>The next message from the card, or null when it closed the connection.</summary>
    public async Task<byte[]?> ReceiveAsync()
    {
        var header = new byte[2];
        if (!await ReadExactlyAsync(header))
        {
            return null;
        }

        var body = new byte[(header[0] << 8) | header[1]];
        return await ReadExactlyAsync(body) ? body : null;
    }

    private async Task<bool> ReadExactlyAsync(byte[] buffer)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None).AsTask().WaitAsync(Eventually.DefaultDeadline);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }

    public void Dispose() => socket.Dispose();
}
