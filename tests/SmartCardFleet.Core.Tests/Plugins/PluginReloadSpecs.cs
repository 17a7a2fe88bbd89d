using System.Text.Json.Nodes;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Fleet;
using SmartCardFleet.Core.Tests.Plugins.Support;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using SmartCardFleet.VirtualCards.Cards.Nfc;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Plugins;

/// <summary>Plugins change on disk while cards stay attached: new operations use the new build, and a newly loaded
/// plugin takes the cards it outranks their holder for.</summary>
public sealed class PluginReloadSpecs(ITestOutputHelper output) : PluginHostSpec(output)
{
    [Fact]
    public void When_a_newer_build_is_copied_into_the_folder_the_next_operation_uses_it_and_the_card_stays_attached()
    {
        var (reader, attached) = StartWithFaultyCard();
        Assert.Equal("1.0.0", (string?)Completed(reader, "version")["version"]);

        Plugins.Install(TestPluginDirectory.Fixture("v2/Faulty"), "Faulty");

        var reloaded = ExpectEvent<PluginReloaded>(e => e.PluginId == Faulty);
        Assert.Equal(("1.0.0", "2.0.0"), (reloaded.OldVersion, reloaded.NewVersion));
        var completed = Assert.IsType<OperationCompleted>(Run(reader, "version"));
        Assert.Equal(("2.0.0", "2.0.0"), (completed.PluginVersion, (string?)completed.Result!["version"]));
        var snapshot = Ask<ReaderSnapshot>(Manager, new ToReader(reader, GetStatus.Instance));
        Assert.Equal(attached.Session, snapshot.Session);
    }

    [Fact]
    public void An_operation_in_flight_during_a_reload_finishes_on_the_old_version()
    {
        HostSettings = HostSettings with { OperationTimeout = TimeSpan.FromSeconds(8) };
        var (reader, _) = StartWithFaultyCard();

        Host.Tell(new RunOperation(reader, "slow", new JsonObject { ["ms"] = 3000 }), TestActor);
        Plugins.Install(TestPluginDirectory.Fixture("v2/Faulty"), "Faulty");
        var reloaded = ExpectEvent<PluginReloaded>(e => e.PluginId == Faulty);
        var slow = ExpectMsg<OperationCompleted>(Wait);

        Assert.True((long)slow.Result!["finishedAt"]! > reloaded.Timestamp.ToUnixTimeMilliseconds(), "the reload should happen while the slow operation runs");
        Assert.Equal("1.0.0", (string?)slow.Result["version"]);
        Assert.Equal("2.0.0", (string?)Completed(reader, "version")["version"]);
    }

    [Fact]
    public void A_broken_build_copied_over_a_working_plugin_is_rejected_and_the_working_version_stays()
    {
        var (reader, _) = StartWithFaultyCard();

        File.WriteAllBytes(Path.Combine(Plugins.Path, "Faulty", "Faulty.dll"), [0x4D, 0x5A, 0x00, 0x01]);

        var rejected = ExpectEvent<PluginRejected>(e => e.Folder == "Faulty");
        Assert.Equal("BadAssembly", rejected.Reason);
        Assert.Equal("1.0.0", (string?)Completed(reader, "version")["version"]);
    }

    [Fact]
    public void A_plugin_folder_added_later_identifies_a_card_nobody_took()
    {
        Plugins.InstallShipped("OpenPgp");
        StartStation();
        Pcsc.AddReader("Reader Tag 00").Insert(new NfcType4Tag());
        var reader = ReaderId.FromReaderName("Reader Tag 00");
        ExpectEvent<CardUnidentified>(e => e.ReaderId == reader);

        Plugins.InstallShipped("Ndef");

        Assert.Equal("org.smartcardfleet.ndef", ExpectEvent<CardIdentified>(e => e.ReaderId == reader).PluginId);
        Assert.Equal("https://example.com", (string?)Completed(reader, "read-ndef")["records"]![0]!["uri"]);
    }

    [Fact]
    public void A_card_held_by_the_fallback_moves_to_a_newly_loaded_plugin_without_reinsertion_and_CardIdentified_is_published_again()
    {
        Plugins.InstallShipped("Iso7816");
        StartStation();
        var (reader, held) = InsertIdentified("Reader Tag 00", new NfcType4Tag());
        Assert.Equal(Iso7816, held.PluginId);
        var session = Ask<ReaderSnapshot>(Manager, new ToReader(reader, GetStatus.Instance)).Session;

        Plugins.InstallShipped("Ndef");

        Assert.Equal(Ndef, ExpectEvent<CardIdentified>(e => e.ReaderId == reader).PluginId);
        Assert.Equal("https://example.com", (string?)Completed(reader, "read-ndef")["records"]![0]!["uri"]);
        Assert.Equal(session, Ask<ReaderSnapshot>(Manager, new ToReader(reader, GetStatus.Instance)).Session);
    }

    [Fact]
    public void A_card_busy_in_an_operation_finishes_it_on_its_plugin_first_then_moves_to_the_newly_loaded_one()
    {
        HostSettings = HostSettings with { OperationTimeout = TimeSpan.FromSeconds(8) };
        Plugins.InstallShipped("Uid");
        StartStation();
        var card = new GatedCard();
        var (reader, identified) = InsertIdentified("Reader Gated 00", card);
        Assert.Equal(Uid, identified.PluginId);

        // The card holds the answer to GET DATA until the gate opens, so the operation is in flight during the load.
        // Its reply goes to the events probe: the reply and the CardIdentified of the move then queue in one mailbox,
        // in the order they were sent.
        Host.Tell(new RunOperation(reader, "read-uid"), Events.Ref);
        Plugins.InstallFixtures("Faulty");
        AwaitLoaded(Faulty);
        card.Open();

        var first = Events.FishForMessage<object>(m => m is OperationCompleted || (m is CardIdentified e && e.ReaderId == reader), Wait);
        Assert.Equal(Uid, Assert.IsType<OperationCompleted>(first).PluginId);
        Assert.Equal(Faulty, ExpectEvent<CardIdentified>(e => e.ReaderId == reader).PluginId);
        Assert.Equal(Faulty, Assert.IsType<OperationCompleted>(Run(reader, "version")).PluginId);
    }

    [Fact]
    public void A_card_held_by_a_more_specific_plugin_keeps_its_session_when_a_less_specific_plugin_loads()
    {
        var (reader, _) = StartWithFaultyCard();
        Pcsc.GetReader("Reader Faulty 00").ResetByOtherProcess();
        // The session counts the resets it was told about: a new session would start again from 0.
        AwaitAssert(() => Assert.Equal(1, (int?)Completed(reader, "version")["resets"]), Wait);

        Plugins.InstallShipped("Iso7816");
        AwaitLoaded(Iso7816);

        Assert.Equal(1, (int?)Completed(reader, "version")["resets"]);
    }

    [Fact]
    public void ReloadPlugins_reloads_every_folder_and_reports_loaded_and_rejected_ones()
    {
        Plugins.InstallShipped("Uid", "Iso7816").InstallFixtures("WrongSdk");
        StartStation();

        Host.Tell(ReloadPlugins.Instance, TestActor);
        var status = ExpectMsg<PluginCatalogStatus>(Wait);

        Assert.Equal(["org.smartcardfleet.iso7816", "org.smartcardfleet.uid"], status.Plugins.Select(p => p.Id));
        Assert.Equal("WrongSdk", Assert.Single(status.Rejected).Folder);
        ExpectEvents(typeof(PluginReloaded));
    }

    private const string Iso7816 = "org.smartcardfleet.iso7816";
    private const string Ndef = "org.smartcardfleet.ndef";
    private const string Uid = "org.smartcardfleet.uid";

    /// <summary>Waits until the host lists <paramref name="pluginId"/>; the host has refreshed its cards by then (both
    /// happen in the message that loaded the folder).</summary>
    private void AwaitLoaded(string pluginId) =>
        AwaitAssert(() => Assert.Contains(pluginId, Ask<PluginCatalogStatus>(Host, GetPluginStatus.Instance).Plugins.Select(p => p.Id)), Wait);
}
