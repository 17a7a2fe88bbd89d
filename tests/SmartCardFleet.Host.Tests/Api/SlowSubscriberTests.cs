using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SmartCardFleet.Host.Events;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Api;

/// <summary>Issue 10, "slow event subscribers": a subscriber that stops reading is dropped from the journal AND its
/// connection is closed, so it pins neither a queue nor socket buffers.</summary>
public sealed class SlowSubscriberTests
{
    [Fact]
    public async Task An_event_subscriber_that_never_reads_is_disconnected_once_it_is_dropped()
    {
        await using var station = await StationUnderTest.StartAsync(readers: 1);
        var journal = station.App.Services.GetRequiredService<FleetEventJournal>();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 1024 };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, station.BaseAddress.Port));
        await socket.SendAsync(Encoding.ASCII.GetBytes("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
        await Eventually.TrueAsync(() => Task.FromResult(journal.SubscriberCount == 1), TimeSpan.FromSeconds(5), "the stream to subscribe");

        // Far more than socket buffers and the subscriber's queue hold together: the journal must drop it.
        var field = new string('e', 900);
        for (var i = 0; i < 100_000 && journal.SubscriberCount > 0; i++)
        {
            journal.Append("Filler", null, DateTimeOffset.UnixEpoch, new JsonObject { ["text"] = field });
        }

        Assert.Equal(0, journal.SubscriberCount);
        Assert.True(await ClosedByServerAsync(socket, TimeSpan.FromSeconds(15)), "the dropped subscriber's connection is still open");
    }

    /// <summary>Reads whatever is buffered; true once the server has closed or reset the connection, false when it
    /// keeps it open (nothing more arrives) for <paramref name="timeout"/>.</summary>
    private static async Task<bool> ClosedByServerAsync(Socket socket, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var buffer = new byte[64 * 1024];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token) > 0)
            {
            }

            return true;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
