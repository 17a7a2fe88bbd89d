using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Integration.Tests.Plugins.Support;
using SmartCardFleet.Integration.Tests.RealFleet;
using SmartCardFleet.VirtualCards.Cards;
using SmartCardFleet.VirtualCards.Cards.FileSystem;
using SmartCardFleet.VirtualCards.Cards.Nfc;
using Xunit.Abstractions;

namespace SmartCardFleet.Integration.Tests.Plugins;

/// <summary>Issue 12 end to end: a plugin deployed into a running station takes the cards it should, without
/// re-insertion, and identification looks at each card's applications, not only its ATR.</summary>
[Collection(RealFleetCollection.Name)]
public sealed class PluginDeployTests(RealFleetFixture fixture, ITestOutputHelper output) : PluginStationSpec(fixture, output)
{
    private const string Iso7816 = "org.smartcardfleet.iso7816";
    private const string Ndef = "org.smartcardfleet.ndef";

    [Fact]
    public async Task A_plugin_deployed_into_a_running_station_takes_the_card_the_fallback_holds_and_its_next_version_serves_it_while_it_stays_inserted()
    {
        StartPluginStation("Iso7816");
        await using var nfc = await InsertAsync(10, new NfcType4Tag(NdefMessages.Uri("https://example.com/deploy")));
        var session = ExpectEvent<CardAttached>(IdOf(10)).Session;
        Assert.Equal(Iso7816, ExpectEvent<CardIdentified>(IdOf(10)).PluginId);

        Plugins.Install(PluginFolder.Shipped("Ndef"));

        Assert.Equal(Ndef, ExpectEvent<CardIdentified>(IdOf(10)).PluginId);
        var read = Completed(IdOf(10), "read-ndef");
        Assert.Equal(("1.0.0", "https://example.com/deploy"), (read.PluginVersion, (string?)read.Result!["records"]![0]!["uri"]));

        Plugins.Install(PluginFolder.NextNdef, "Ndef");

        var reloaded = ExpectEvent<PluginReloaded>(e => e.PluginId == Ndef, "the Ndef plugin reloaded");
        Assert.Equal(("1.0.0", "1.1.0"), (reloaded.OldVersion, reloaded.NewVersion));
        Assert.Equal("1.1.0", Completed(IdOf(10), "read-ndef").PluginVersion);
        Assert.Equal(session, Request<ReaderSnapshot>(Manager, IdOf(10), GetStatus.Instance).Session);
    }

    [Fact]
    public async Task Two_cards_sharing_one_ATR_but_carrying_different_applications_are_each_identified_by_their_own_probe()
    {
        StartPluginStation("Ndef", "Iso7816");
        var tag = new NfcType4Tag();
        var noNdef = new Iso7816FileSystemCard("no-ndef", tag.Atr, new DedicatedFile(0x3F00), new Dictionary<byte, PinSlot>(),
            new Dictionary<ushort, byte[]>());

        await using var first = await InsertAsync(11, tag);
        var tagIdentified = ExpectEvent<CardIdentified>(IdOf(11));
        await using var second = await InsertAsync(12, noNdef);
        var otherIdentified = ExpectEvent<CardIdentified>(IdOf(12));

        Assert.Equal(
            Request<ReaderSnapshot>(Manager, IdOf(11), GetStatus.Instance).Atr,
            Request<ReaderSnapshot>(Manager, IdOf(12), GetStatus.Instance).Atr);
        Assert.Equal((Ndef, false), (tagIdentified.PluginId, tagIdentified.FromCache));
        Assert.Equal((Iso7816, false), (otherIdentified.PluginId, otherIdentified.FromCache));
    }
}
