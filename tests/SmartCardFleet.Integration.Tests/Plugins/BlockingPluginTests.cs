using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Integration.Tests.Plugins.Support;
using SmartCardFleet.Integration.Tests.RealFleet;
using SmartCardFleet.TestFixtures;
using SmartCardFleet.TestFixtures.Cards;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using Xunit.Abstractions;

namespace SmartCardFleet.Integration.Tests.Plugins;

/// <summary>
/// Issue 12 item 2 on the real fleet: plugins that block (or spin) synchronously in their constructor, Match, probe or
/// an operation are contained. The caller gets the typed timeout (or the folder fails to load with the reason), the
/// plugin's faults rise until it is quarantined, and meanwhile a card in another reader is identified and served.
/// Timings are shrunk so each test takes a few seconds.
/// </summary>
[Collection(RealFleetCollection.Name)]
public sealed class BlockingPluginTests(RealFleetFixture fixture, ITestOutputHelper output) : PluginStationSpec(fixture, output)
{
    private const int Blocked = 8;
    private const int Other = 9;
    private const int SecondBlocked = 10;
    private static readonly byte[] Uid = [0x04, 0x12, 0x12, 0x12];

    protected override PluginHostSettings HostSettings => base.HostSettings with
    {
        MatchTimeout = TimeSpan.FromMilliseconds(500),
        ProbeTimeout = TimeSpan.FromSeconds(1),
        IdentificationTimeout = TimeSpan.FromSeconds(5),
        OperationTimeout = TimeSpan.FromSeconds(2),
        LoadTimeout = TimeSpan.FromSeconds(2),
        QuarantineAfterFailures = 2,
    };

    [Fact]
    public async Task A_plugin_whose_constructor_never_returns_fails_to_load_with_the_reason_and_the_others_serve()
    {
        Plugins.Install(PluginFolder.Fixture("BlockingCtor"));
        StartPluginStation("Uid");

        var rejected = ExpectEvent<PluginRejected>(e => e.Folder == "BlockingCtor", "BlockingCtor rejected");
        Assert.StartsWith("constructor did not return within 00:00:02", rejected.Message, StringComparison.Ordinal);
        await using var storage = await InsertAsync(Other, new StorageCard(Uid));
        Assert.Equal("org.smartcardfleet.uid", ExpectEvent<CardIdentified>(IdOf(Other)).PluginId);
        Assert.Equal("04121212", (string?)Completed(IdOf(Other), "read-uid").Result!["uid"]);
    }

    [Fact]
    public async Task A_Match_that_never_returns_is_no_match_is_quarantined_after_N_and_another_reader_is_identified_and_served()
    {
        Plugins.Install(PluginFolder.Fixture("BlockingMatch"));
        var quarantines = this.EventsOf<PluginQuarantined>();
        StartPluginStation("Uid");

        await using var first = await InsertAsync(Blocked, BlockingFixtureCard.Create(BlockingFixture.MatchCard));
        await using var storage = await InsertAsync(Other, new StorageCard(Uid));
        Assert.Equal("org.smartcardfleet.uid", ExpectEvent<CardIdentified>(IdOf(Other)).PluginId);
        Assert.Equal("04121212", (string?)Completed(IdOf(Other), "read-uid").Result!["uid"]);
        await using var second = await InsertAsync(SecondBlocked, BlockingFixtureCard.Create(BlockingFixture.MatchCard));

        var quarantined = quarantines.ExpectMsg<PluginQuarantined>(Wait);
        Assert.Equal("org.smartcardfleet.test.blockingmatch", quarantined.PluginId);
        Assert.Contains("Match of plugin org.smartcardfleet.test.blockingmatch did not return", quarantined.LastFailure, StringComparison.Ordinal);
        Assert.Equal(OperationFailureReason.NotIdentified, Assert.IsType<OperationFailed>(Run(IdOf(Blocked), "ping")).Reason);
        Assert.Equal("04121212", (string?)Completed(IdOf(Other), "read-uid").Result!["uid"]);
    }

    [Fact]
    public async Task A_probe_that_never_returns_is_not_my_card_the_fallback_takes_it_in_time_and_the_plugin_is_quarantined_after_N()
    {
        Plugins.Install(PluginFolder.Fixture("BlockingProbe"));
        var quarantines = this.EventsOf<PluginQuarantined>();
        StartPluginStation("Uid", "Iso7816");

        await using var first = await InsertAsync(Blocked, BlockingFixtureCard.Create(BlockingFixture.ProbeCard));
        await using var storage = await InsertAsync(Other, new StorageCard(Uid));
        await using var second = await InsertAsync(SecondBlocked, BlockingFixtureCard.Create(BlockingFixture.ProbeCard));

        var identified = ExpectEventsInAnyOrder("three cards identified",
            e => e is CardIdentified i && i.ReaderId == IdOf(Blocked),
            e => e is CardIdentified i && i.ReaderId == IdOf(Other),
            e => e is CardIdentified i && i.ReaderId == IdOf(SecondBlocked)).Cast<CardIdentified>().Select(i => i.PluginId);
        Assert.Equal(["org.smartcardfleet.iso7816", "org.smartcardfleet.uid", "org.smartcardfleet.iso7816"], identified);
        Assert.Equal("org.smartcardfleet.test.blockingprobe", quarantines.ExpectMsg<PluginQuarantined>(Wait).PluginId);
        Assert.Equal("04121212", (string?)Completed(IdOf(Other), "read-uid").Result!["uid"]);
    }

    [Fact]
    public Task An_operation_that_sleeps_forever_answers_Timeout_resets_the_card_and_is_quarantined_while_another_reader_is_served() =>
        AssertOperationContainedAsync("BlockingOperation", BlockingFixture.OperationCard, "block", "org.smartcardfleet.test.blockingoperation");

    [Fact]
    public async Task An_operation_that_burns_CPU_forever_answers_Timeout_and_is_quarantined_while_another_reader_is_served()
    {
        try
        {
            await AssertOperationContainedAsync("CpuBurner", BlockingFixture.CpuBurnerCard, "burn", "org.smartcardfleet.test.cpuburner");
        }
        finally
        {
            BlockingFixtureProbes.ReleaseCpuBurners();
        }
    }

    private async Task AssertOperationContainedAsync(string fixtureFolder, string card, string operation, string pluginId)
    {
        Plugins.Install(PluginFolder.Fixture(fixtureFolder));
        var quarantines = this.EventsOf<PluginQuarantined>();
        StartPluginStation("Uid");
        await using var blocked = await InsertAsync(Blocked, BlockingFixtureCard.Create(card));
        Assert.Equal(pluginId, ExpectEvent<CardIdentified>(IdOf(Blocked)).PluginId);
        await using var storage = await InsertAsync(Other, new StorageCard(Uid));
        ExpectEvent<CardIdentified>(IdOf(Other));
        Assert.True((bool?)Completed(IdOf(Blocked), "ping").Result!["pong"]);

        for (var i = 0; i < HostSettings.QuarantineAfterFailures; i++)
        {
            var caller = CreateTestProbe();
            Host.Tell(new RunOperation(IdOf(Blocked), operation), caller);
            // Served while the plugin's thread is stuck (or past its deadline): the stuck thread holds nothing the other
            // reader needs. Whether it answers before the real 1 s timeout is a race on a busy machine; the order is
            // proven with a manual clock in Core.Tests' BlockingFixtureSpecs.
            Assert.Equal("04121212", (string?)Completed(IdOf(Other), "read-uid").Result!["uid"]);
            var failed = caller.ExpectMsg<OperationFailed>(Wait);
            Assert.Equal(OperationFailureReason.Timeout, failed.Reason);
            Assert.Contains("the card was reset", failed.Message, StringComparison.Ordinal);
        }

        Assert.Equal(pluginId, quarantines.ExpectMsg<PluginQuarantined>(Wait).PluginId);
        Assert.Equal(OperationFailureReason.Quarantined, Assert.IsType<OperationFailed>(Run(IdOf(Blocked), "ping")).Reason);
        Assert.Equal("04121212", (string?)Completed(IdOf(Other), "read-uid").Result!["uid"]);
        Assert.Contains(Logs.Lines, l => l.Contains($"thread \"plugin {pluginId} #", StringComparison.Ordinal));
    }
}
