using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Tests.Plugins.Support;
using SmartCardFleet.Core.Tests.Support;
using SmartCardFleet.TestFixtures;
using SmartCardFleet.TestFixtures.Cards;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Plugins.Isolation;

/// <summary>
/// The blocking fixture plugins (tests/Fixtures/TestPlugins/Blocking*, CpuBurner), loaded from disk into a station on
/// the simulated PC/SC: each blocks (or spins) synchronously in one entry point and is contained by its deadline,
/// counted as its fault and quarantined after N, while another reader's card is identified and served meanwhile.
/// </summary>
public sealed class BlockingFixtureSpecs : PluginHostSpec
{
    private static readonly byte[] Uid = [0x04, 0x0B, 0x0C, 0x0D];

    public BlockingFixtureSpecs(ITestOutputHelper output)
        : base(output)
    {
        HostSettings = HostSettings with
        {
            MatchTimeout = TimeSpan.FromMilliseconds(300),
            ProbeTimeout = TimeSpan.FromMilliseconds(500),
            LoadTimeout = TimeSpan.FromSeconds(1),
            OperationTimeout = TimeSpan.FromSeconds(1),
        };
    }

    [Fact]
    public void A_constructor_that_never_returns_fails_its_folder_with_the_reason_and_the_other_plugins_load()
    {
        Plugins.InstallShipped("Uid").InstallFixtures("BlockingCtor");
        StartStation();

        var rejected = ExpectEvent<PluginRejected>(e => e.Folder == "BlockingCtor");
        Assert.StartsWith("constructor did not return within 00:00:01", rejected.Message, StringComparison.Ordinal);
        var (reader, identified) = InsertIdentified("Reader Other 00", new StorageCard(Uid));
        Assert.Equal("org.smartcardfleet.uid", identified.PluginId);
        Assert.Equal("040B0C0D", (string?)Completed(reader, "read-uid")["uid"]);
    }

    [Fact]
    public void A_Match_that_never_returns_is_no_match_and_a_fault_and_is_quarantined_after_N_while_other_cards_are_served()
    {
        Plugins.InstallShipped("Uid").InstallFixtures("BlockingMatch");
        var quarantines = this.EventsOf<PluginQuarantined>();
        StartStation();

        for (var i = 0; i < HostSettings.QuarantineAfterFailures; i++)
        {
            var name = $"Reader Blocked {i:00}";
            Pcsc.AddReader(name).Insert(BlockingFixtureCard.Create(BlockingFixture.MatchCard));
            Assert.Contains("no plugin matches", ExpectEvent<CardUnidentified>(e => e.ReaderId == ReaderId.FromReaderName(name)).Reason,
                StringComparison.Ordinal);
            var (other, _) = InsertIdentified($"Reader Other {i:00}", new StorageCard(Uid));
            Assert.Equal("040B0C0D", (string?)Completed(other, "read-uid")["uid"]);
        }

        var quarantined = quarantines.ExpectMsg<PluginQuarantined>(Wait);
        Assert.Equal("org.smartcardfleet.test.blockingmatch", quarantined.PluginId);
        Assert.Contains("Match of plugin org.smartcardfleet.test.blockingmatch did not return", quarantined.LastFailure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_probe_that_never_returns_is_not_my_card_and_the_next_candidate_takes_the_card_in_time()
    {
        Plugins.InstallShipped("Iso7816").InstallFixtures("BlockingProbe");
        StartStation();

        var (reader, identified) = InsertIdentified("Reader Blocked 00", BlockingFixtureCard.Create(BlockingFixture.ProbeCard));

        Assert.Equal("org.smartcardfleet.iso7816", identified.PluginId);
        Assert.Contains(Logs.Entries, e => e.Message.Contains("ProbeAsync passed its deadline", StringComparison.Ordinal));
        Completed(reader, "select", new System.Text.Json.Nodes.JsonObject { ["aid"] = Convert.ToHexString(BlockingFixture.Aid) });
    }

    [Fact]
    public void An_operation_that_sleeps_forever_answers_Timeout_resets_the_card_and_is_quarantined_after_N_while_another_reader_is_served()
    {
        AssertContained("BlockingOperation", BlockingFixture.OperationCard, "block", "org.smartcardfleet.test.blockingoperation");
    }

    [Fact]
    public void An_operation_that_burns_CPU_forever_answers_Timeout_and_is_quarantined_after_N_while_another_reader_is_served()
    {
        try
        {
            AssertContained("CpuBurner", BlockingFixture.CpuBurnerCard, "burn", "org.smartcardfleet.test.cpuburner");
        }
        finally
        {
            BlockingFixtureProbes.ReleaseCpuBurners();
        }
    }

    private void AssertContained(string fixture, string card, string operation, string pluginId)
    {
        // The operation deadline passes when the spec says so: the other reader being served first is then no race
        // with a real timeout (and a CPU burner) but the order of events.
        var clock = new ManualTimeProvider();
        HostSettings = HostSettings with { DeadlineClock = clock };
        Plugins.InstallShipped("Uid").InstallFixtures(fixture);
        var quarantines = this.EventsOf<PluginQuarantined>();
        StartStation();
        var (blocked, identified) = InsertIdentified("Reader Blocked 00", BlockingFixtureCard.Create(card));
        Assert.Equal(pluginId, identified.PluginId);
        var (other, _) = InsertIdentified("Reader Other 00", new StorageCard(Uid));
        Assert.True((bool?)Completed(blocked, "ping")["pong"]);

        for (var i = 0; i < HostSettings.QuarantineAfterFailures; i++)
        {
            var caller = CreateTestProbe();
            Host.Tell(new RunOperation(blocked, operation), caller);
            // Served while the plugin's thread is stuck: the other reader's answer comes before the blocked one's.
            Assert.Equal("040B0C0D", (string?)Completed(other, "read-uid")["uid"]);
            Assert.False(caller.HasMessages);
            // Its deadline may not be armed yet (it runs beside the other reader's work): move time until it passed.
            AwaitCondition(() =>
            {
                clock.Advance(HostSettings.OperationTimeout);
                return caller.HasMessages;
            }, Wait);
            var failed = caller.ExpectMsg<OperationFailed>(Wait);
            Assert.Equal(OperationFailureReason.Timeout, failed.Reason);
            Assert.Contains("the card was reset", failed.Message, StringComparison.Ordinal);
        }

        Assert.Equal(pluginId, quarantines.ExpectMsg<PluginQuarantined>(Wait).PluginId);
        Assert.Equal(OperationFailureReason.Quarantined, Failed(blocked, "ping").Reason);
        Assert.Contains(Logs.Entries, e => e.Message.Contains($"thread \"plugin {pluginId} #", StringComparison.Ordinal));
    }
}
