using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Host.Tests.Support;
using SmartCardFleet.VirtualCards.Cards;
using SmartCardFleet.VirtualCards.Cards.OpenPgp;
using SmartCardFleet.VirtualCards.Faults;

namespace SmartCardFleet.Host.Tests.Api;

public sealed class PluginApduLoggingTests
{
    private const string OpenPgpPlugin = "org.smartcardfleet.openpgp";

    [Fact]
    public async Task Apdus_a_plugin_sends_are_logged_one_debug_line_each_without_the_pin_and_counted_with_the_plugin_label()
    {
        await using var station = await StationUnderTest.StartAsync(readers: 1, overrides: new Dictionary<string, string?>
        {
            ["Logging:LogLevel:SmartCardFleet.Host.Apdu"] = "Debug",
            ["Station:Plugins:Directory"] = RepositoryPaths.ShippedPlugins,
        });
        var lines = new ConcurrentQueue<string>();
        station.App.Services.GetRequiredService<ILoggerFactory>().AddProvider(new CapturingLoggerProvider(lines));
        var card = new RecordingCard(new OpenPgpCard());
        station.Reader(0).Insert(card);
        var reader = StationUnderTest.ReaderId(0);
        await Eventually.TrueAsync(async () => (await station.GetJsonAsync($"/api/readers/{reader}"))["plugin"]?.GetValue<string>() == OpenPgpPlugin,
            TimeSpan.FromSeconds(10), "the OpenPGP plugin to identify the card");
        var linesBefore = lines.Count;
        card.Commands.Clear();

        var response = await station.PostAsync($"/api/readers/{reader}/operations/verify-pin", new { arguments = new { pin = "123456" } });

        response.EnsureSuccessStatusCode();
        Assert.True(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["result"]!["verified"]!.GetValue<bool>());
        var sent = card.Commands.ToList();
        Assert.Contains(sent, c => c.StartsWith("00200082", StringComparison.Ordinal));
        var apduLines = lines.Skip(linesBefore).Where(l => l.StartsWith("SmartCardFleet.Host.Apdu Debug", StringComparison.Ordinal)).ToList();
        Assert.Equal(sent.Count, apduLines.Count);
        for (var i = 0; i < sent.Count; i++)
        {
            Assert.Contains($"reader={reader} plugin={OpenPgpPlugin} header={sent[i][..8]} commandLength={sent[i].Length / 2} ", apduLines[i], StringComparison.Ordinal);
            Assert.Matches(@"responseLength=\d+ sw=[0-9A-F]{4} elapsedMs=[0-9.]+ ", apduLines[i]);
        }

        var verifyLine = Assert.Single(apduLines, l => l.Contains("header=00200082", StringComparison.Ordinal));
        Assert.Contains("[6 bytes redacted]", verifyLine, StringComparison.Ordinal);
        var everything = string.Join('\n', lines);
        foreach (var pin in new[] { "123456", "313233343536", "31 32 33 34 35 36" })
        {
            Assert.DoesNotContain(pin, everything, StringComparison.Ordinal);
        }

        await Eventually.TrueAsync(async () => (await station.Http.GetStringAsync("/metrics")).Contains(
                $"fleet_apdus_total{{otel_scope_name=\"SmartCardFleet\",plugin=\"{OpenPgpPlugin}\",reader=\"{reader}\"}}", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the OpenPGP plugin's APDU counter on /metrics");
    }

    /// <summary>The card in the reader, noting each command it receives (as hex) so the test knows what the plugin sent.</summary>
    private sealed class RecordingCard(IVirtualCard inner) : IVirtualCard
    {
        public ConcurrentQueue<string> Commands { get; } = new();

        public string CardType => inner.CardType;

        public byte[] Atr => inner.Atr;

        public CardFaults Faults => inner.Faults;

        public byte[] Process(ReadOnlySpan<byte> commandApdu)
        {
            Commands.Enqueue(Hex.Format(commandApdu));
            return inner.Process(commandApdu);
        }

        public void PowerOn() => inner.PowerOn();

        public void PowerOff() => inner.PowerOff();

        public void Reset() => inner.Reset();
    }
}
