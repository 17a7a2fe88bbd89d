using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Tests.Plugins.Support;
using SmartCardFleet.VirtualCards.Cards;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using SmartCardFleet.VirtualCards.Cards.FileSystem;
using SmartCardFleet.VirtualCards.Cards.Nfc;
using SmartCardFleet.VirtualCards.Cards.OpenPgp;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Plugins;

/// <summary>Cards attached on the simulated PC/SC are identified by the right shipped plugin.</summary>
public sealed class CardIdentificationSpecs(ITestOutputHelper output) : PluginHostSpec(output)
{
    [Fact]
    public void When_four_card_types_are_inserted_on_their_own_readers_each_is_identified_by_its_plugin()
    {
        Plugins.InstallShipped("Uid", "Ndef", "OpenPgp", "Iso7816");
        StartStation();

        var storage = InsertIdentified("Reader Storage 00", new StorageCard());
        var tag = InsertIdentified("Reader Tag 01", new NfcType4Tag());
        var pgp = InsertIdentified("Reader Pgp 02", new OpenPgpCard());
        var fs = InsertIdentified("Reader Fs 03", DefaultPersonalisation.Create());

        Assert.Equal("org.smartcardfleet.uid", storage.Identified.PluginId);
        Assert.Equal("org.smartcardfleet.ndef", tag.Identified.PluginId);
        Assert.Equal("org.smartcardfleet.openpgp", pgp.Identified.PluginId);
        Assert.Equal("org.smartcardfleet.iso7816", fs.Identified.PluginId);
        Assert.Equal("OpenPGP card", pgp.Identified.CardType);
        Host.Tell(new GetCardIdentification(tag.Reader), TestActor);
        Assert.Equal("org.smartcardfleet.ndef", ExpectMsg<CardIdentification>(Wait).PluginId);
    }

    [Fact]
    public void A_card_with_an_ATR_seen_before_but_another_application_is_identified_by_its_own_probe()
    {
        // ATRs do not identify applications: contactless cards behind a PC/SC part 3 reader share generic ATRs. The
        // first card's answer must not pin the second, which has the same ATR and no NDEF application.
        Plugins.InstallShipped("Ndef", "Iso7816");
        StartStation();
        var tag = new NfcType4Tag();
        var first = InsertIdentified("Reader Tag 00", tag);
        Assert.Equal("org.smartcardfleet.ndef", first.Identified.PluginId);

        var sameAtrOtherApplication = new Iso7816FileSystemCard("no-ndef", tag.Atr, new DedicatedFile(0x3F00),
            new Dictionary<byte, PinSlot>(), new Dictionary<ushort, byte[]>());
        var second = InsertIdentified("Reader Tag 01", sameAtrOtherApplication);

        Assert.Equal("org.smartcardfleet.iso7816", second.Identified.PluginId);
        Assert.False(second.Identified.FromCache);
    }

    [Fact]
    public void A_second_card_with_the_same_ATR_is_probed_again_and_a_refusal_is_never_remembered()
    {
        Plugins.InstallShipped("Ndef", "OpenPgp");
        StartStation();
        var first = InsertIdentified("Reader Tag 00", new NfcType4Tag());
        var second = InsertIdentified("Reader Tag 01", new NfcType4Tag());

        Assert.False(first.Identified.FromCache);
        Assert.False(second.Identified.FromCache);
        Assert.Equal("org.smartcardfleet.ndef", second.Identified.PluginId);
    }

    [Fact]
    public void When_no_plugin_accepts_the_card_CardUnidentified_is_published_and_operations_say_NotIdentified()
    {
        Plugins.InstallShipped("Uid", "OpenPgp");
        StartStation();

        Pcsc.AddReader("Reader Tag 00").Insert(new NfcType4Tag());
        var id = ReaderId.FromReaderName("Reader Tag 00");
        var unidentified = ExpectEvent<CardUnidentified>(e => e.ReaderId == id);

        Assert.Contains("org.smartcardfleet.openpgp", unidentified.Reason, StringComparison.Ordinal);
        Assert.Equal(OperationFailureReason.NotIdentified, Failed(id, "read-ndef").Reason);
    }

    [Fact]
    public void When_an_operator_override_names_a_plugin_for_an_ATR_that_plugin_is_used()
    {
        var tag = new NfcType4Tag();
        Plugins.InstallShipped("Ndef", "Iso7816");
        HostSettings = HostSettings with
        {
            AtrOverrides = [new AtrOverride(new SmartCardFleet.Abstractions.Cards.AtrPattern(tag.Atr), "org.smartcardfleet.iso7816")],
        };
        StartStation();

        var (_, identified) = InsertIdentified("Reader Tag 00", tag);

        Assert.Equal("org.smartcardfleet.iso7816", identified.PluginId);
    }

    [Fact]
    public void An_override_decision_is_remembered_for_the_same_ATR_until_a_plugin_loads()
    {
        Plugins.InstallShipped("Ndef");
        HostSettings = HostSettings with
        {
            AtrOverrides = [new AtrOverride(new SmartCardFleet.Abstractions.Cards.AtrPattern(new NfcType4Tag().Atr), "org.smartcardfleet.ndef")],
        };
        StartStation();
        Assert.False(InsertIdentified("Reader Tag 00", new NfcType4Tag()).Identified.FromCache);
        Assert.True(InsertIdentified("Reader Tag 01", new NfcType4Tag()).Identified.FromCache);

        Plugins.InstallShipped("Iso7816");
        AwaitAssert(() => Assert.Equal(2, Ask<PluginCatalogStatus>(Host, GetPluginStatus.Instance).Plugins.Count), Wait);

        Assert.False(InsertIdentified("Reader Tag 02", new NfcType4Tag()).Identified.FromCache);
    }
}
