using Akka.Actor;
using Akka.TestKit.Xunit2;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Messaging;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Core.Tests.Messaging;

/// <summary>The typed ask (<see cref="TypedAsk"/>): the caller gets the request's own reply type or a typed failure.
/// A probe stands in for the station's manager (with no reader directory, ReaderRequests routes through it) and answers
/// as the test tells it, including not at all and with the wrong type.</summary>
public sealed class TypedAskSpecs : TestKit
{
    private static readonly ReaderId Reader = new("virtual-pcd-3");
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan NoPatience = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task The_success_reply_arrives_as_the_requests_own_reply_type()
    {
        var manager = CreateTestProbe();
        var requests = new ReaderRequests(Sys, manager.Ref);

        var asked = requests.RequestAsync(Reader, new Transmit([0x00, 0xA4, 0x04, 0x00]), Patience);
        var forwarded = manager.ExpectMsg<ToReader>();
        manager.Reply(new Transmitted(Reader, [0x01], 0x9000, TimeSpan.FromMilliseconds(3)));
        // Typed by construction: a Transmit can only give a ReaderReply<Transmitted>; no cast, no switch on object.
        ReaderReply<Transmitted> reply = await asked;

        Assert.Equal(Reader, forwarded.ReaderId);
        Assert.IsType<Transmit>(forwarded.Message);
        Assert.True(reply.IsSuccess);
        Assert.Equal(0x9000, reply.Value.StatusWord);
        Assert.False(reply.Unanswered);
    }

    [Fact]
    public async Task A_reader_failure_arrives_as_the_typed_failure_sent_by_the_reader()
    {
        var manager = CreateTestProbe();
        var asked = new ReaderRequests(Sys, manager.Ref).RequestAsync(Reader, GetStatus.Instance, Patience);
        manager.ExpectMsg<ToReader>();
        manager.Reply(new ReaderFailure(Reader, ReaderFailureReason.CardGone, "pulled"));

        var reply = await asked;

        Assert.False(reply.IsSuccess);
        Assert.Equal(ReaderFailureReason.CardGone, reply.Failure.Reason);
        Assert.False(reply.Unanswered);
        Assert.Equal("failure CardGone", reply.Match(_ => "success", f => $"failure {f.Reason}"));
    }

    [Fact]
    public async Task No_answer_in_time_is_a_Timeout_failure_made_by_the_asker_and_naming_the_reader()
    {
        var manager = CreateTestProbe();

        // The probe never answers, so the ask can only end by its timeout.
        var reply = await new ReaderRequests(Sys, manager.Ref).RequestAsync(Reader, new Detach(), NoPatience);

        Assert.Equal(ReaderFailureReason.Timeout, reply.Failure!.Reason);
        Assert.Equal(Reader, reply.Failure.ReaderId);
        Assert.True(reply.Unanswered);
        Assert.Contains("0.2 s", reply.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stopped_recipient_is_ReaderGone_at_once_instead_of_a_wait_for_the_timeout()
    {
        var manager = CreateTestProbe();
        Watch(manager.Ref);
        Sys.Stop(manager.Ref);
        ExpectTerminated(manager.Ref);
        // A wait for the ask's own timeout would be cancelled by this token and throw instead of answering.
        using var noWait = new CancellationTokenSource(Patience);

        var reply = await new ReaderRequests(Sys, manager.Ref).RequestAsync(Reader, new Attach(), TimeSpan.FromHours(1), noWait.Token);

        Assert.Equal(ReaderFailureReason.ReaderGone, reply.Failure!.Reason);
        Assert.True(reply.Unanswered);
    }

    [Fact]
    public async Task A_reply_of_another_type_is_a_broken_recipient_and_throws_naming_both_types()
    {
        var manager = CreateTestProbe();
        var asked = new ReaderRequests(Sys, manager.Ref).RequestAsync(Reader, new SetAutoAttach(true), Patience);
        manager.ExpectMsg<ToReader>();
        manager.Reply(new Detached(Reader, SessionId.New(), Pcsc.CardDisposition.Leave));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => asked);

        Assert.Contains("SetAutoAttach was answered with Detached", error.Message, StringComparison.Ordinal);
        Assert.Contains("AutoAttachChanged", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_the_callers_token_cancels_the_wait()
    {
        var manager = CreateTestProbe();
        using var cancel = new CancellationTokenSource();
        var asked = new ReaderRequests(Sys, manager.Ref).RequestAsync(Reader, new Detach(), Patience, cancel.Token);
        manager.ExpectMsg<ToReader>();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => asked);
    }

    [Fact]
    public async Task A_fleet_request_goes_to_the_manager_itself_and_gets_its_typed_reply()
    {
        var manager = CreateTestProbe();
        var asked = new ReaderRequests(Sys, manager.Ref).RequestAsync(ListReaders.Instance, Patience);
        manager.ExpectMsg<ListReaders>();
        manager.Reply(new ReaderList([], [new ReaderFailure(Reader, ReaderFailureReason.Timeout, "slow")]));

        ReaderReply<ReaderList> reply = await asked;

        Assert.Equal(Reader, Assert.Single(reply.Value!.Unavailable).ReaderId);
    }

    [Fact]
    public async Task A_plugin_host_query_without_an_answer_is_a_station_Timeout()
    {
        var host = CreateTestProbe();

        var reply = await host.Ref.RequestAsync(GetPluginStatus.Instance, NoPatience);

        Assert.Equal(ReaderFailureReason.Timeout, reply.Failure!.Reason);
        Assert.Null(reply.Failure.ReaderId);
        Assert.Contains("plugin host", reply.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plugin_operation_answers_completed_or_failed_and_no_answer_is_an_operation_Timeout()
    {
        var host = CreateTestProbe();
        var run = new RunOperation(Reader, "read-uid");

        var completed = host.Ref.RunAsync(run, Patience);
        host.ExpectMsg<RunOperation>();
        host.Reply(new OperationCompleted(Reader, "storage", "1.0.0", null));
        var failed = host.Ref.RunAsync(run, Patience);
        host.ExpectMsg<RunOperation>();
        host.Reply(new OperationFailed(Reader, OperationFailureReason.NotIdentified, "no plugin"));
        var silent = await host.Ref.RunAsync(run, NoPatience);

        Assert.Equal("storage", (await completed).Value!.PluginId);
        Assert.Equal(OperationFailureReason.NotIdentified, (await failed).Failure!.Reason);
        Assert.Equal(OperationFailureReason.Timeout, silent.Failure!.Reason);
        Assert.True(silent.Unanswered);
    }

    [Fact]
    public async Task A_plugin_command_answers_the_catalog_or_its_typed_failure_and_no_answer_is_a_command_Timeout()
    {
        var host = CreateTestProbe();
        var command = new ClearQuarantine("org.example.card");

        var done = host.Ref.CommandAsync(command, Patience);
        host.ExpectMsg<ClearQuarantine>();
        host.Reply(new PluginCatalogStatus([], []));
        var refused = host.Ref.CommandAsync(command, Patience);
        host.ExpectMsg<ClearQuarantine>();
        host.Reply(new PluginCommandFailed(command.PluginId, PluginCommandFailureReason.NotQuarantined, "not quarantined"));
        var silent = await host.Ref.CommandAsync(command, NoPatience);

        Assert.True((await done).IsSuccess);
        Assert.Equal(PluginCommandFailureReason.NotQuarantined, (await refused).Failure!.Reason);
        Assert.Equal((PluginCommandFailureReason.Timeout, "org.example.card"), (silent.Failure!.Reason, silent.Failure.PluginId));
        Assert.True(silent.Unanswered);
    }
}
