using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace SmartCardFleet.Benchmarks.Support;

/// <summary>
/// A minimal HTTP/1.1 keep-alive client over one loopback socket: sends a prepared request and reads one response
/// (Content-Length or chunked). Figure 1 (d) measures the host, and .NET's HttpClient (JSON content, handler pipeline)
/// costs a large share of a loopback round trip on a 2-core machine; this client costs a few microseconds, like the
/// C clients (wrk, curl) a kiosk integration would use. The HttpClient figure is kept as a breakdown row.
/// </summary>
public sealed class KeepAliveHttpClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly Uri _address;

    private KeepAliveHttpClient(Socket socket, Uri address)
    {
        _socket = socket;
        _address = address;
    }

    public static async Task<KeepAliveHttpClient> ConnectAsync(Uri address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(address.Host, address.Port);
        return new KeepAliveHttpClient(socket, address);
    }

    /// <summary>The bytes of a POST with a JSON body, built once and sent many times.</summary>
    public byte[] JsonPost(string path, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var head = string.Create(CultureInfo.InvariantCulture,
            $"POST {path} HTTP/1.1\r\nHost: {_address.Authority}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n");
        return [.. Encoding.ASCII.GetBytes(head), .. body];
    }

    /// <summary>Sends <paramref name="request"/> and answers the status code and the body as text.</summary>
    public async Task<(int Status, string Body)> SendAsync(byte[] request)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _socket.SendAsync(request, SocketFlags.None);
        var filled = 0;
        int headerEnd;
        while ((headerEnd = IndexOf(_buffer.AsSpan(0, filled), "\r\n\r\n"u8)) < 0)
        {
            filled += await ReceiveAsync(filled);
        }

        var head = Encoding.ASCII.GetString(_buffer, 0, headerEnd);
        var status = int.Parse(head.AsSpan(9, 3), CultureInfo.InvariantCulture);
        var bodyStart = headerEnd + 4;
        if (Header(head, "Content-Length") is { } lengthText)
        {
            var length = int.Parse(lengthText, CultureInfo.InvariantCulture);
            while (filled - bodyStart < length)
            {
                filled += await ReceiveAsync(filled);
            }

            return (status, Encoding.UTF8.GetString(_buffer, bodyStart, length));
        }

        if (!string.Equals(Header(head, "Transfer-Encoding"), "chunked", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"response without Content-Length or chunked body: {head}");
        }

        return (status, await ReadChunkedAsync(bodyStart, filled));
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<string> ReadChunkedAsync(int position, int filled)
    {
        var body = new StringBuilder();
        while (true)
        {
            int lineEnd;
            while ((lineEnd = IndexOf(_buffer.AsSpan(position, filled - position), "\r\n"u8)) < 0)
            {
                filled += await ReceiveAsync(filled);
            }

            var size = int.Parse(Encoding.ASCII.GetString(_buffer, position, lineEnd).Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            position += lineEnd + 2;
            while (filled - position < size + 2)
            {
                filled += await ReceiveAsync(filled);
            }

            if (size == 0)
            {
                return body.ToString();
            }

            body.Append(Encoding.UTF8.GetString(_buffer, position, size));
            position += size + 2;
        }
    }

    private async Task<int> ReceiveAsync(int filled)
    {
        if (filled == _buffer.Length)
        {
            throw new InvalidOperationException("response larger than the client's buffer");
        }

        var read = await _socket.ReceiveAsync(_buffer.AsMemory(filled), SocketFlags.None);
        return read > 0 ? read : throw new IOException("the host closed the keep-alive connection");
    }

    private static string? Header(string head, string name)
    {
        foreach (var line in head.Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line.AsSpan(0, colon).Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }

    private static int IndexOf(ReadOnlySpan<byte> span, ReadOnlySpan<byte> value) => span.IndexOf(value);
}
