using System.Runtime.CompilerServices;
using SmartCardFleet.Pcsc.Tests.Fakes;

namespace SmartCardFleet.Pcsc.Tests;

public sealed class PcscContextTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public void Dispose_releases_the_context_exactly_once()
    {
        var api = new RecordingPcscApi();
        var context = PcscContext.Establish(api);
        context.Dispose();
        context.Dispose();
        Assert.Equal(1, api.Count("Release"));
        Assert.Equal(PcscError.Success, context.ReleaseResult);
    }

    [Fact]
    public void Concurrent_disposes_release_exactly_once()
    {
        var api = new RecordingPcscApi();
        for (var round = 0; round < 50; round++)
        {
            var context = PcscContext.Establish(api);
            using var gate = new Barrier(4);
            var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
            {
                gate.SignalAndWait(Deadline);
                context.Dispose();
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => Assert.True(t.Join(Deadline)));
        }

        Assert.Equal(50, api.Count("Release"));
    }

    [Fact]
    public void A_forgotten_context_is_released_once_by_the_finalizer()
    {
        var api = new RecordingPcscApi();
        EstablishAndForget(api);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.Equal(1, api.Count("Release"));
    }

    [Fact]
    public void Using_a_disposed_context_is_an_ObjectDisposedException()
    {
        var context = PcscContext.Establish(new RecordingPcscApi());
        context.Dispose();
        Assert.Throws<ObjectDisposedException>(() => context.ListReaders());
    }

    [Fact]
    public async Task Cancel_from_another_thread_ends_a_blocking_wait_as_cancelled()
    {
        var api = new RecordingPcscApi();
        using var context = PcscContext.Establish(api);
        var waiter = Task.Factory.StartNew(
            () => context.GetStatusChange(Timeout.InfiniteTimeSpan, [new ReaderStateEntry(ReaderStateEntry.PnpNotification)]),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Assert.True(api.WaitStarted.Wait(Deadline));
        context.Cancel();
        Assert.Equal(StatusChangeResult.Cancelled, await waiter.WaitAsync(Deadline));
    }

    [Fact]
    public async Task Disposing_during_a_wait_cancels_it_first_and_releases_only_after_it_returned()
    {
        var api = new RecordingPcscApi();
        var context = PcscContext.Establish(api);
        var waiter = Task.Factory.StartNew(
            () => context.GetStatusChange(Timeout.InfiniteTimeSpan, [new ReaderStateEntry("Reader A")]),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Assert.True(api.WaitStarted.Wait(Deadline));

        context.Dispose();

        Assert.Equal(StatusChangeResult.Cancelled, await waiter.WaitAsync(Deadline));
        var calls = api.Calls.ToList();
        Assert.True(calls.FindIndex(c => c.StartsWith("Cancel", StringComparison.Ordinal))
                    < calls.FindIndex(c => c.StartsWith("Release", StringComparison.Ordinal)));
        Assert.Equal(1, api.Count("Release"));
    }

    [Fact]
    public void Connect_returns_a_connection_that_remembers_reader_share_mode_and_protocol()
    {
        var api = new RecordingPcscApi();
        using var context = PcscContext.Establish(api);
        using var card = context.Connect("Reader A", ShareMode.Exclusive);
        Assert.Equal("Reader A", card.ReaderName);
        Assert.Equal(ShareMode.Exclusive, card.ShareMode);
        Assert.Equal(CardProtocol.T1, card.ActiveProtocol);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void EstablishAndForget(IPcscApi api) => _ = PcscContext.Establish(api);
}
