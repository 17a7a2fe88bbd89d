using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions.Plugins;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Plugins.Loading;
using SmartCardFleet.Core.Plugins.Sessions;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Plugins.Support;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Tests.Plugins.Sessions;

/// <summary>One operation's run, timeout and bookkeeping, without an actor or a reader.</summary>
public sealed class OperationRunSpecs
{
    private readonly CardWorkFakes _card = new();
    private readonly List<object> _replies = [];

    [Fact]
    public async Task The_first_operation_opens_the_session_in_its_transaction_and_the_requester_gets_the_result()
    {
        var session = new FakeSession();
        var plugin = CardWorkFakes.Plugin("org.test.a", open: () => session, operations: "read");

        var state = await Run(CardSessionState.Fresh(plugin), "read");

        var completed = Assert.IsType<OperationCompleted>(Assert.Single(_replies));
        Assert.True((bool?)completed.Result!["ok"]);
        Assert.Same(session, state.Session);
        Assert.Null(_card.Channels[0].Armed);
        Assert.Equal(CardDisposition.Leave, _card.Transactions.LastDisposition);
        Assert.Equal(plugin, _card.Report<SessionOpenedReport>().Plugin);
        Assert.False(_card.Report<OperationOutcomeReport>().Fault);
    }

    [Fact]
    public async Task A_session_that_missed_a_card_reset_hears_of_it_before_the_operation_runs()
    {
        var session = new FakeSession();
        var plugin = CardWorkFakes.Plugin("org.test.a", operations: "read");

        var state = await Run(new CardSessionState(plugin, session, new FakeChannel(), ResetPending: true, Identified: true), "read");

        Assert.Equal(1, session.ResetNotices);
        Assert.False(state.ResetPending);
    }

    [Fact]
    public async Task A_typed_plugin_failure_is_the_reply_leaves_the_card_as_it_is_and_is_not_a_fault()
    {
        var state = await RunWith(_ => throw CardOperationException.InvalidArgument("uri", "is empty"));

        Assert.Equal(OperationFailureReason.InvalidArgument, Assert.IsType<OperationFailed>(Assert.Single(_replies)).Reason);
        Assert.Equal(CardDisposition.Leave, _card.Transactions.LastDisposition);
        Assert.False(_card.Report<OperationOutcomeReport>().Fault);
        Assert.False(state.ResetPending);
    }

    [Fact]
    public async Task A_plugin_that_throws_is_a_fault_the_card_is_reset_and_the_session_hears_of_the_reset_next()
    {
        var state = await RunWith(_ => throw new InvalidOperationException("bug"));

        var failed = Assert.IsType<OperationFailed>(Assert.Single(_replies));
        Assert.Equal(OperationFailureReason.PluginFailed, failed.Reason);
        Assert.Contains("bug", failed.Message, StringComparison.Ordinal);
        Assert.Equal(CardDisposition.Reset, _card.Transactions.LastDisposition);
        Assert.True(_card.Report<OperationOutcomeReport>().Fault);
        Assert.True(state.ResetPending);
        Assert.NotNull(state.Session);
    }

    [Fact]
    public async Task A_reader_failure_in_the_middle_is_the_readers_answer_and_not_the_plugins_fault()
    {
        var gone = new ReaderFailure(CardWorkFakes.Reader, ReaderFailureReason.CardGone, "the card was removed");

        await RunWith(_ => throw new ReaderRequestException(gone));

        Assert.Equal(OperationFailureReason.NoCard, Assert.IsType<OperationFailed>(Assert.Single(_replies)).Reason);
        Assert.False(_card.Report<OperationOutcomeReport>().Fault);
    }

    [Fact]
    public async Task A_refused_transaction_is_answered_at_once_and_changes_nothing()
    {
        _card.Transactions.RefuseBegin = new ReaderFailure(CardWorkFakes.Reader, ReaderFailureReason.ServiceUnavailable, "recovering");
        var before = new CardSessionState(CardWorkFakes.Plugin("org.test.a", operations: "read"), new FakeSession(), new FakeChannel(), false, true);

        var state = await Run(before, "read");

        Assert.Equal(OperationFailureReason.ReaderUnavailable, Assert.IsType<OperationFailed>(Assert.Single(_replies)).Reason);
        Assert.Same(before, state);
        Assert.Empty(_card.Reports.OfType<OperationOutcomeReport>());
    }

    [Fact]
    public async Task An_operation_that_ignores_its_deadline_times_out_the_card_is_reset_and_the_session_is_abandoned()
    {
        var hanging = new TaskCompletionSource<JsonNode?>();
        var entered = new Reached();
        var session = new FakeSession(_ => entered.Pass(hanging.Task));
        var channel = new FakeChannel();
        var plugin = CardWorkFakes.Plugin("org.test.a", operations: "hang");

        var running = new OperationRun(_card.Context).RunAsync(new RunOperation(CardWorkFakes.Reader, "hang"), _replies.Add,
            new CardSessionState(plugin, session, channel, false, true));
        entered.Wait();
        Assert.False(running.IsCompleted);
        _card.Clock.Advance(_card.Context.Settings.OperationTimeout);
        var state = await running;

        _card.AssertTimedOutAndAbandoned(_replies, plugin, channel, state);
        Assert.False(session.Disposed);
    }

    [Fact]
    public async Task An_abandoned_session_is_disposed_once_its_task_ends()
    {
        var hanging = new TaskCompletionSource<JsonNode?>();
        var session = new FakeSession();

        var disposal = SessionLifecycle.Abandon(_card.Context, CardWorkFakes.Plugin("org.test.a"), session, hanging.Task);
        Assert.False(session.Disposed);
        hanging.SetResult(null);
        await disposal;

        Assert.True(session.Disposed);
    }

    private Task<CardSessionState> RunWith(Func<CancellationToken, Task<JsonNode?>> execute) =>
        Run(new CardSessionState(CardWorkFakes.Plugin("org.test.a", operations: "op"), new FakeSession(execute), new FakeChannel(), false, true), "op");

    private Task<CardSessionState> Run(CardSessionState state, string operation) =>
        new OperationRun(_card.Context).RunAsync(new RunOperation(CardWorkFakes.Reader, operation), _replies.Add, state);
}
