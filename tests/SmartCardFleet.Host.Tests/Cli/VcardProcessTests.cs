using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SmartCardFleet.Host.Simulation;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Cli;

/// <summary>`fleet vcard` as a process against a minimal vpcd stand-in (a TCP listener speaking vpcd's framing: 2-byte
/// big-endian length, then the body; one-byte bodies are control messages).</summary>
public sealed class VcardProcessTests
{
    [Fact]
    public async Task Vcard_answers_the_atr_and_apdus_of_its_card_and_leaves_cleanly_on_SIGTERM()
    {
        using var slot = new VpcdStandIn();
        using var process = FleetProcess.Start("vcard", "--port", slot.Port, "--card", VirtualCardCatalog.StorageCard, "--uid", "04A1B2C3");
        var stdout = process.StandardOutput.ReadToEndAsync();
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var stream = await slot.AcceptCardAsync(deadline.Token);

            var atr = await ExchangeAsync(stream, [0x04], deadline.Token);
            var uid = await ExchangeAsync(stream, Convert.FromHexString("FFCA000000"), deadline.Token);

            Assert.Equal(VirtualCardCatalog.Create(VirtualCardCatalog.StorageCard).Atr, atr);
            Assert.Equal("04A1B2C39000", Convert.ToHexString(uid));
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(deadline.Token);
            }

            await process.WaitForExitAsync(deadline.Token);
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("card removed", await stdout, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task Vcard_with_a_script_answers_the_scripts_atr_and_rules()
    {
        var script = Path.Combine(Path.GetTempPath(), $"scf-card-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(script, """
            { "atr": "3B 80 80 01 01", "counters": { "badge-number": 1234 },
              "rules": [ { "when": "00 A4 04 00 09 F0 43 4F 4E 54 4F 53 4F 01 *", "select": "badge", "respond": "90 00" },
                         { "when": "80 CA 00 01 00", "onlyIn": "badge", "respond": "{counter:badge-number:4} 90 00" } ] }
            """);
        using var slot = new VpcdStandIn();
        using var process = FleetProcess.Start("vcard", "--port", slot.Port, "--script", script);
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var stream = await slot.AcceptCardAsync(deadline.Token);

            var atr = await ExchangeAsync(stream, [0x04], deadline.Token);
            var select = await ExchangeAsync(stream, Convert.FromHexString("00A4040009F0434F4E544F534F0100"), deadline.Token);
            var badge = await ExchangeAsync(stream, Convert.FromHexString("80CA000100"), deadline.Token);

            Assert.Equal(("3B80800101", "9000", "000004D29000"), (Convert.ToHexString(atr), Convert.ToHexString(select), Convert.ToHexString(badge)));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            File.Delete(script);
        }
    }

    /// <summary>A listening vpcd slot; <see cref="AcceptCardAsync"/> skips fleet's reachability probe and returns the card's
    /// connection.</summary>
    private sealed class VpcdStandIn : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private TcpClient? _card;

        public VpcdStandIn() => _listener.Start();

        public string Port => ((IPEndPoint)_listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        public async Task<NetworkStream> AcceptCardAsync(CancellationToken cancellationToken)
        {
            // The first connection is fleet's reachability probe; the second is the card.
            (await _listener.AcceptTcpClientAsync(cancellationToken)).Dispose();
            _card = await _listener.AcceptTcpClientAsync(cancellationToken);
            return _card.GetStream();
        }

        public void Dispose()
        {
            _card?.Dispose();
            _listener.Dispose();
        }
    }

    private static async Task<byte[]> ExchangeAsync(NetworkStream stream, byte[] body, CancellationToken cancellationToken)
    {
        var frame = new byte[2 + body.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)body.Length);
        body.CopyTo(frame, 2);
        await stream.WriteAsync(frame, cancellationToken);
        var header = new byte[2];
        await stream.ReadExactlyAsync(header, cancellationToken);
        var answer = new byte[BinaryPrimitives.ReadUInt16BigEndian(header)];
        await stream.ReadExactlyAsync(answer, cancellationToken);
        return answer;
    }
}
