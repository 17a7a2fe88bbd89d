using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Integration.Tests.RealFleet;

/// <summary>What our binding sees of the real pcscd when no card is inserted.</summary>
[Collection(RealFleetCollection.Name)]
public sealed class DaemonWithoutCardsTests(RealFleetFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public void All_16_fleet_readers_are_listed_through_our_binding()
    {
        var fleet = fixture.Require();
        using var context = PcscContext.Establish(fixture.Api);
        var readers = context.ListReaders();
        Assert.Equal(16, readers.Count);
        Assert.Equal(fleet.Layout.Readers.Select(r => r.ReaderName).Order(StringComparer.Ordinal),
            readers.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_first_unaware_wait_returns_at_once_with_every_empty_reader()
    {
        var fleet = fixture.Require();
        using var context = PcscContext.Establish(fixture.Api);
        var states = fleet.Layout.Readers.Select(r => new ReaderStateEntry(r.ReaderName)).ToList();

        Assert.Equal(StatusChangeResult.Changed, context.GetStatusChange(TimeSpan.Zero, states));

        Assert.All(states, s => Assert.True(s.EventFlags.HasFlag(ReaderStateFlags.Empty), s.ToString()));
        Assert.All(states, s => Assert.Empty(s.Atr));
    }

    [Fact]
    public async Task Cancel_from_another_thread_ends_a_blocking_wait_with_cancelled()
    {
        var fleet = fixture.Require();
        using var context = PcscContext.Establish(fixture.Api);
        var waiter = StartBlockedWait(context, fleet.Layout.Readers.Take(4).Select(r => r.ReaderName));

        // SCardCancel only ends a wait that is already inside pcscd; repeat until the waiter has returned.
        var result = await CancelUntilReturned(context, waiter);

        Assert.Equal(StatusChangeResult.Cancelled, result);
    }

    [Fact]
    public void Connecting_to_an_empty_reader_is_a_card_gone_error()
    {
        var fleet = fixture.Require();
        using var context = PcscContext.Establish(fixture.Api);
        var ex = Assert.Throws<PcscException>(() => context.Connect(fleet.Layout.Reader(5).ReaderName));
        Assert.Equal(PcscError.NoSmartcard, ex.Error);
        Assert.Equal(PcscErrorClass.CardGone, ex.Class);
    }

    [Fact]
    public void A_wait_naming_an_unknown_reader_fails_as_reader_gone()
    {
        fixture.Require();
        using var context = PcscContext.Establish(fixture.Api);
        var ex = Assert.Throws<PcscException>(() =>
            context.GetStatusChange(TimeSpan.Zero, [new ReaderStateEntry("No Such Reader 00 00")]));
        Assert.Equal(PcscError.UnknownReader, ex.Error);
        Assert.Equal(PcscErrorClass.ReaderGone, ex.Class);
    }

    [Fact]
    public async Task Disposing_a_context_while_another_thread_waits_on_it_ends_the_wait_and_releases_it()
    {
        var fleet = fixture.Require();
        var context = PcscContext.Establish(fixture.Api);
        var waiter = StartBlockedWait(context, fleet.Layout.Readers.Take(2).Select(r => r.ReaderName));

        context.Dispose();

        Assert.Equal(StatusChangeResult.Cancelled, await waiter.WaitAsync(Deadline));
        Assert.Equal(PcscError.Success, context.ReleaseResult);
    }

    [Fact]
    public void A_direct_connection_to_an_empty_reader_reaches_the_driver_without_a_card()
    {
        var fleet = fixture.Require();
        using var context = PcscContext.Establish(fixture.Api);
        using var reader = context.Connect(fleet.Layout.Reader(15).ReaderName, ShareMode.Direct, CardProtocol.Undefined);

        // vpcd implements no part-10 features: the binding turns "unsupported" into an empty feature list.
        Assert.Empty(reader.GetFeatures().ControlCodes);
        var status = reader.Status();
        Assert.Equal(fleet.Layout.Reader(15).ReaderName, status.ReaderName);
        Assert.True(status.State.HasFlag(CardState.Absent), status.State.ToString());
    }

    /// <summary>Starts a GetStatusChange with no timeout on its own thread, over readers whose current state is already
    /// acknowledged, so it blocks in pcscd until something ends it; returns once that thread is about to call.</summary>
    private static Task<StatusChangeResult> StartBlockedWait(PcscContext context, IEnumerable<string> readerNames)
    {
        var states = readerNames.Select(name => new ReaderStateEntry(name)).ToList();
        context.GetStatusChange(TimeSpan.Zero, states);
        states.ForEach(s => s.Acknowledge());
        using var waiting = new ManualResetEventSlim();
        var waiter = Task.Factory.StartNew(() =>
        {
            waiting.Set();
            return context.GetStatusChange(Timeout.InfiniteTimeSpan, states);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Assert.True(waiting.Wait(Deadline));
        return waiter;
    }

    private static async Task<StatusChangeResult> CancelUntilReturned(PcscContext context, Task<StatusChangeResult> waiter)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!waiter.IsCompleted && clock.Elapsed < Deadline)
        {
            context.Cancel();
            await Task.WhenAny(waiter, Task.Delay(100));
        }

        return await waiter.WaitAsync(Deadline);
    }
}
