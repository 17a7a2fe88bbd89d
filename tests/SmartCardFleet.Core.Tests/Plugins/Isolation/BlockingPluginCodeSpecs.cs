using System.Text.Json.Nodes;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Plugins.Sessions;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Plugins.Support;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Tests.Plugins.Isolation;

/// <summary>
/// A card's work items against plugin code that blocks its thread synchronously (before any await, so no task is
/// even returned): the work item goes on at the deadline of the manual clock, the plugin's thread is abandoned and
/// the host hears of the fault. Without the plugin threads each of these calls would block the work item itself.
/// </summary>
public sealed class BlockingPluginCodeSpecs : IDisposable
{
    private readonly CardWorkFakes _card = new(new PluginHostSettings
    {
        MatchTimeout = TimeSpan.FromSeconds(1),
        ProbeTimeout = TimeSpan.FromSeconds(2),
        IdentificationTimeout = TimeSpan.FromSeconds(10),
        OperationTimeout = TimeSpan.FromSeconds(3),
    });

    private readonly ManualResetEventSlim _forever = new();
    private readonly Reached _blocked = new();

    [Fact]
    public async Task An_operation_that_blocks_before_returning_its_task_times_out_resets_the_card_and_abandons_the_session()
    {
        var session = new FakeSession(_ => Block<JsonNode?>());
        var channel = new FakeChannel();
        var plugin = CardWorkFakes.Plugin("org.test.blocking", operations: "block");
        var replies = new List<object>();

        var running = new OperationRun(_card.Context).RunAsync(new RunOperation(CardWorkFakes.Reader, "block"), replies.Add,
            new CardSessionState(plugin, session, channel, false, true));
        _blocked.Wait();
        _card.Clock.Advance(_card.Context.Settings.OperationTimeout);
        var state = await running;

        _card.AssertTimedOutAndAbandoned(replies, plugin, channel, state);
        Assert.Equal(1, plugin.Threads.Abandoned);
    }

    [Fact]
    public async Task A_Match_that_blocks_is_no_match_and_a_fault_and_the_other_plugins_still_take_the_card()
    {
        var blocking = CardWorkFakes.Plugin("org.test.a-blocking", match: () => Block<bool>().Result);
        var good = CardWorkFakes.Plugin("org.test.b-good");

        var running = Identify(blocking, good);
        _blocked.Wait();
        // The good plugin's Match answered once its deadline timer is disposed; only the blocking one's is left.
        await _card.Clock.WhenAsync(timers => timers is { Disposed: 1, Armed: 1 });
        _card.Clock.Advance(_card.Context.Settings.MatchTimeout);
        var state = await running;

        Assert.Equal((good, true), (state.Plugin, state.Identified));
        var fault = _card.Report<PluginFaultReport>();
        Assert.Equal(blocking, fault.Plugin);
        Assert.Contains("Match of plugin org.test.a-blocking did not return within 00:00:01", fault.Message, StringComparison.Ordinal);
        Assert.Equal(1, blocking.Threads.Abandoned);
    }

    [Fact]
    public async Task A_probe_that_blocks_is_not_my_card_and_a_fault_and_the_next_candidate_is_probed_in_time()
    {
        var blocking = CardWorkFakes.Plugin("org.test.a-blocking", probe: Block<bool>);
        var good = CardWorkFakes.Plugin("org.test.b-good");

        var running = Identify(blocking, good);
        _blocked.Wait();
        _card.Clock.Advance(_card.Context.Settings.ProbeTimeout);
        var state = await running;

        Assert.Equal((good, true), (state.Plugin, state.Identified));
        Assert.Contains("ProbeAsync of plugin org.test.a-blocking did not return", _card.Report<PluginFaultReport>().Message, StringComparison.Ordinal);
        // The abandoned probe's channel is closed: APDUs it sends later cannot reach the card.
        Assert.True(_card.Channels[0].Closed);
        Assert.Equal(CardDisposition.Leave, _card.Transactions.LastDisposition);
    }

    public void Dispose()
    {
        _forever.Set();
        _forever.Dispose();
    }

    private Task<CardSessionState> Identify(params Core.Plugins.Loading.LoadedPlugin[] plugins) =>
        new IdentificationRun(_card.Context).RunAsync(new IdentifyCard([.. plugins.Select(p => new PluginCandidate(p, false))], false));

    /// <summary>Blocks the calling thread the way Thread.Sleep(Infinite) does, until the spec ends.</summary>
    private Task<T> Block<T>()
    {
        _blocked.Pass(0);
        _forever.Wait();
        return Task.FromResult(default(T)!);
    }
}
