using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Plugins.Sessions;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Plugins.Support;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Tests.Plugins.Sessions;

/// <summary>The identification decision, without an actor or a reader.</summary>
public sealed class IdentificationRunSpecs
{
    private readonly CardWorkFakes _card = new();

    [Fact]
    public async Task Candidates_are_probed_in_order_in_one_transaction_and_the_first_that_accepts_gets_a_session()
    {
        var probed = new List<string>();
        var declines = CardWorkFakes.Plugin("org.test.a", probe: () => Probe(probed, "a", false));
        var accepts = CardWorkFakes.Plugin("org.test.b", probe: () => Probe(probed, "b", true));
        var never = CardWorkFakes.Plugin("org.test.c", probe: () => Probe(probed, "c", true));

        var state = await Run(new PluginCandidate(declines, false), new PluginCandidate(accepts, false), new PluginCandidate(never, false));

        Assert.Equal(["a", "b"], probed);
        Assert.Equal((accepts, true), (state.Plugin, state.Identified));
        Assert.NotNull(state.Session);
        Assert.Equal(1, _card.Transactions.Begun);
        Assert.Equal(CardDisposition.Leave, _card.Transactions.LastDisposition);
        Assert.True(_card.Channels[0].Closed);
        Assert.Equal(accepts, _card.Report<SessionOpenedReport>().Plugin);
        var report = _card.Report<IdentificationReport>();
        // A probe decided, so the next card with this ATR is probed too.
        Assert.Equal((accepts, false), (report.Plugin, report.Cacheable));
    }

    [Fact]
    public async Task A_probe_that_throws_counts_as_no_and_the_next_plugin_is_tried()
    {
        var broken = CardWorkFakes.Plugin("org.test.broken", probe: () => throw new InvalidOperationException("bug"));
        var fallback = CardWorkFakes.Plugin("org.test.iso");

        var state = await Run(new PluginCandidate(broken, false), new PluginCandidate(fallback, false));

        Assert.Equal(fallback, state.Plugin);
    }

    [Fact]
    public async Task A_candidate_that_skips_the_probe_is_accepted_without_probing()
    {
        var forced = CardWorkFakes.Plugin("org.test.forced", probe: () => throw new InvalidOperationException("must not be probed"));

        var state = await Run(new PluginCandidate(forced, SkipProbe: true));

        Assert.Equal(forced, state.Plugin);
        Assert.True(_card.Report<IdentificationReport>().Cacheable);
    }

    [Fact]
    public async Task When_every_probe_says_no_the_card_is_unidentified_and_the_refusal_is_not_cacheable()
    {
        var state = await Run(new PluginCandidate(CardWorkFakes.Plugin("org.test.a", probe: () => Task.FromResult(false)), false));

        Assert.False(state.Identified);
        var report = _card.Report<IdentificationReport>();
        Assert.Null(report.Plugin);
        Assert.False(report.Cacheable);
        Assert.Contains("org.test.a", report.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_candidate_means_unidentified_without_touching_the_reader_and_is_not_cacheable()
    {
        var state = await Run();

        Assert.False(state.Identified);
        Assert.Equal(0, _card.Transactions.Begun);
        // A negative answer is never remembered: a plugin loaded later may match this ATR.
        Assert.False(_card.Report<IdentificationReport>().Cacheable);
    }

    [Fact]
    public async Task A_reader_failure_during_a_probe_ends_identification_with_an_answer_that_is_not_cached()
    {
        var gone = new ReaderFailure(CardWorkFakes.Reader, ReaderFailureReason.CardGone, "the card was removed");
        var pulled = CardWorkFakes.Plugin("org.test.a", probe: () => throw new ReaderRequestException(gone));
        var next = CardWorkFakes.Plugin("org.test.b");

        var state = await Run(new PluginCandidate(pulled, false), new PluginCandidate(next, false));

        Assert.False(state.Identified);
        Assert.False(_card.Report<IdentificationReport>().Cacheable);
        Assert.Equal(CardDisposition.Leave, _card.Transactions.LastDisposition);
    }

    [Fact]
    public async Task A_refused_transaction_leaves_the_card_unidentified_and_uncached()
    {
        _card.Transactions.RefuseBegin = new ReaderFailure(CardWorkFakes.Reader, ReaderFailureReason.BusyInTransaction, "busy");

        var state = await Run(new PluginCandidate(CardWorkFakes.Plugin("org.test.a"), false));

        Assert.False(state.Identified);
        Assert.False(_card.Report<IdentificationReport>().Cacheable);
        Assert.Empty(_card.Transactions.Ended);
    }

    [Fact]
    public async Task A_probe_that_hangs_past_the_identification_timeout_ends_it_and_the_card_is_reset()
    {
        var card = new CardWorkFakes(new PluginHostSettings { IdentificationTimeout = TimeSpan.FromSeconds(3), ProbeTimeout = TimeSpan.FromSeconds(5) });
        var entered = new Reached();
        var hangs = CardWorkFakes.Plugin("org.test.hang", probe: () => entered.Pass(new TaskCompletionSource<bool>().Task));

        var running = new IdentificationRun(card.Context).RunAsync(new IdentifyCard([new PluginCandidate(hangs, false)], false));
        entered.Wait();
        Assert.False(running.IsCompleted);
        card.Clock.Advance(card.Context.Settings.IdentificationTimeout);
        var state = await running;

        Assert.False(state.Identified);
        var report = card.Report<IdentificationReport>();
        Assert.False(report.Cacheable);
        Assert.Contains("did not finish", report.Reason, StringComparison.Ordinal);
        Assert.Equal(CardDisposition.Reset, card.Transactions.LastDisposition);
    }

    private Task<CardSessionState> Run(params PluginCandidate[] candidates) =>
        new IdentificationRun(_card.Context).RunAsync(new IdentifyCard(candidates, FromCache: false));

    private static Task<bool> Probe(List<string> probed, string name, bool accept)
    {
        probed.Add(name);
        return Task.FromResult(accept);
    }
}
