using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Integration.Tests.Plugins.Support;
using SmartCardFleet.Integration.Tests.RealFleet;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using SmartCardFleet.VirtualCards.Cards.FileSystem;
using SmartCardFleet.VirtualCards.Cards.Nfc;
using SmartCardFleet.VirtualCards.Cards.OpenPgp;
using Xunit.Abstractions;

namespace SmartCardFleet.Integration.Tests.Plugins;

/// <summary>Issue 4 end to end: shipped plugins, loaded from disk, working real cards in real readers.</summary>
[Collection(RealFleetCollection.Name)]
public sealed class CardPluginTests(RealFleetFixture fixture, ITestOutputHelper output) : PluginStationSpec(fixture, output)
{
    private static readonly string[] AllShipped = ["Uid", "Iso7816", "Ndef", "OpenPgp"];
    private static readonly byte[] Uid = [0x04, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56];

    [Fact]
    public async Task Four_card_types_in_four_readers_are_identified_by_their_plugins_and_return_their_data()
    {
        StartPluginStation(AllShipped);
        var tag = new NfcType4Tag(NdefMessages.Uri("https://example.com/fleet"));

        await using var storage = await InsertAsync(0, new StorageCard(Uid));
        await using var fileSystem = await InsertAsync(1, DefaultPersonalisation.Create());
        await using var nfc = await InsertAsync(2, tag);
        await using var pgp = await InsertAsync(3, new OpenPgpCard(serialNumber: 0x01020304, cardholderName: "Lovelace<<Ada"));

        var identified = ExpectEventsInAnyOrder("four cards identified",
            e => e is CardIdentified i && i.ReaderId == IdOf(0),
            e => e is CardIdentified i && i.ReaderId == IdOf(1),
            e => e is CardIdentified i && i.ReaderId == IdOf(2),
            e => e is CardIdentified i && i.ReaderId == IdOf(3)).Cast<CardIdentified>().Select(i => i.PluginId);
        Assert.Equal(
            ["org.smartcardfleet.uid", "org.smartcardfleet.iso7816", "org.smartcardfleet.ndef", "org.smartcardfleet.openpgp"],
            identified);

        Assert.Equal(Convert.ToHexString(Uid), (string?)Completed(IdOf(0), "read-uid").Result!["uid"]);
        Completed(IdOf(1), "select", new JsonObject { ["aid"] = Convert.ToHexString(DefaultPersonalisation.ApplicationId) });
        var greeting = Completed(IdOf(1), "read-binary", new JsonObject { ["sfi"] = 1, ["length"] = DefaultPersonalisation.GreetingText.Length });
        Assert.Equal(Convert.ToHexString(Encoding.ASCII.GetBytes(DefaultPersonalisation.GreetingText)), (string?)greeting.Result!["data"]);
        Assert.Equal("https://example.com/fleet", (string?)Completed(IdOf(2), "read-ndef").Result!["records"]![0]!["uri"]);
        var app = Completed(IdOf(3), "get-application-data").Result!;
        Assert.Equal(("3.4", "01020304"), ((string?)app["version"], (string?)app["serial"]));
        Assert.Equal("Lovelace<<Ada", (string?)Completed(IdOf(3), "cardholder-name").Result!["name"]);
    }

    [Fact]
    public async Task An_NDEF_message_written_through_the_plugin_is_read_back_and_is_on_the_tag()
    {
        StartPluginStation("Ndef");
        var tag = new NfcType4Tag();
        await using var nfc = await InsertAsync(4, tag);
        ExpectEvent<CardIdentified>(IdOf(4));

        Completed(IdOf(4), "write-ndef-uri", new JsonObject { ["uri"] = "tel:+41790000000" });

        Assert.Equal("tel:+41790000000", (string?)Completed(IdOf(4), "read-ndef").Result!["records"]![0]!["uri"]);
        Assert.Equal("D1010D5505" + Convert.ToHexString("+41790000000"u8), Convert.ToHexString(tag.NdefMessage));
    }

    [Fact]
    public async Task A_wrong_PIN_decrements_the_retry_counter_and_appears_in_no_log_line()
    {
        const string wrongPin = "987654";
        StartPluginStation("OpenPgp");
        var card = new OpenPgpCard();
        await using var pgp = await InsertAsync(5, card);
        ExpectEvent<CardIdentified>(IdOf(5));

        var verify = Completed(IdOf(5), "verify-pin", new JsonObject { ["pin"] = wrongPin }).Result!;

        Assert.Equal((false, 2), ((bool?)verify["verified"], (int?)verify["retriesLeft"]));
        Assert.Equal(2, (int?)Completed(IdOf(5), "pin-retry-counters").Result!["pw1"]);
        Assert.Equal(2, card.UserPinTriesLeft);
        var lines = Logs.Lines.Concat(DrainAkkaLogs()).ToList();
        Assert.Contains(lines, l => l.Contains("verify-pin", StringComparison.Ordinal));
        var pinBytes = Encoding.UTF8.GetBytes(wrongPin);
        var spacedHex = string.Join(' ', pinBytes.Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));
        Assert.All(lines, line =>
        {
            Assert.DoesNotContain(wrongPin, line, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToHexString(pinBytes), line, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(spacedHex, line, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public async Task Copying_a_higher_version_over_a_plugin_reloads_it_while_the_card_stays_attached()
    {
        StartPluginStation("Ndef");
        await using var nfc = await InsertAsync(6, new NfcType4Tag(NdefMessages.Uri("https://example.com/reload")));
        var session = ExpectEvent<Core.Events.CardAttached>(IdOf(6)).Session;
        ExpectEvent<CardIdentified>(IdOf(6));
        Assert.Equal("1.0.0", Completed(IdOf(6), "read-ndef").PluginVersion);

        Plugins.Install(PluginFolder.NextNdef, "Ndef");

        var reloaded = ExpectEvent<PluginReloaded>(e => e.PluginId == "org.smartcardfleet.ndef", "the Ndef plugin reloaded");
        Assert.Equal(("1.0.0", "1.1.0"), (reloaded.OldVersion, reloaded.NewVersion));
        var read = Completed(IdOf(6), "read-ndef");
        Assert.Equal("1.1.0", read.PluginVersion);
        Assert.Equal("https://example.com/reload", (string?)read.Result!["records"]![0]!["uri"]);
        Assert.Equal(session, Request<ReaderSnapshot>(Manager, IdOf(6), GetStatus.Instance).Session);
    }
}
