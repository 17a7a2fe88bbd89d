using SmartCardFleet.Core.Readers;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Tests.Readers.Plain;

/// <summary>The lock waiter without an ActorSystem: one call at a time on its own thread, and exactly one cleanup when
/// its owner lets go, run by whoever can run it safely.</summary>
public sealed class LockWaiterTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_call_runs_on_the_waiters_own_thread_and_its_result_is_delivered()
    {
        var waiter = new LockWaiter("test");
        var delivered = new TaskCompletionSource<(LockCallResult, int)>();
        var callerThread = Environment.CurrentManagedThreadId;

        waiter.Start(() => new LockCallResult(PcscError.Success, 42), r => delivered.SetResult((r, Environment.CurrentManagedThreadId)));

        await delivered.Task.WaitAsync(Wait);
        var (result, thread) = (await delivered.Task);
        Assert.Equal((PcscError.Success, (nint)42), (result.Error, result.Card));
        Assert.NotEqual(callerThread, thread);
    }

    [Fact]
    public async Task Calls_keep_working_when_the_idle_thread_has_ended_in_between()
    {
        // Idle lifetime zero: the thread ends as soon as it has nothing to do, so each call may need a new one.
        var waiter = new LockWaiter("test", TimeSpan.Zero);
        for (var call = 0; call < 20; call++)
        {
            var delivered = new TaskCompletionSource<LockCallResult>();
            waiter.Start(() => new LockCallResult(PcscError.Success, call), delivered.SetResult);
            Assert.Equal((nint)call, (await delivered.Task.WaitAsync(Wait)).Card);
        }
    }

    [Fact]
    public void A_second_call_while_one_runs_is_refused()
    {
        var gate = new ManualResetEventSlim();
        var waiter = new LockWaiter("test");
        waiter.Start(() => { gate.Wait(Wait); return new LockCallResult(PcscError.Success); }, _ => { });

        Assert.Throws<InvalidOperationException>(() => waiter.Start(() => new LockCallResult(PcscError.Success), _ => { }));
        Assert.True(waiter.Running);
        gate.Set();
    }

    [Fact]
    public async Task Abandoned_while_a_call_runs_the_waiter_thread_cleans_up_with_the_result_after_the_call_returned_and_delivers_nothing()
    {
        var gate = new ManualResetEventSlim();
        var waiter = new LockWaiter("test");
        var delivered = false;
        var cleaned = new TaskCompletionSource<LockCallResult?>();
        waiter.Start(() => { gate.Wait(Wait); return new LockCallResult(PcscError.Success, 7); }, _ => delivered = true);

        Assert.True(waiter.Abandon(cleaned.SetResult));
        Assert.False(cleaned.Task.IsCompleted);
        gate.Set();

        await cleaned.Task.WaitAsync(Wait);
        Assert.Equal((nint)7, (await cleaned.Task)!.Card);
        Assert.False(delivered);
    }

    [Fact]
    public async Task Abandoned_after_a_result_was_delivered_but_not_taken_the_caller_cleans_up_that_result_at_once()
    {
        var waiter = new LockWaiter("test");
        var delivered = new TaskCompletionSource<LockCallResult>();
        waiter.Start(() => new LockCallResult(PcscError.Success, 9), delivered.SetResult);
        await delivered.Task.WaitAsync(Wait);
        LockCallResult? cleanedWith = null;

        Assert.False(waiter.Abandon(r => cleanedWith = r));

        Assert.Same((await delivered.Task), cleanedWith);
    }

    [Fact]
    public async Task Abandoned_after_the_result_was_taken_the_cleanup_gets_no_result()
    {
        var waiter = new LockWaiter("test");
        var delivered = new TaskCompletionSource<LockCallResult>();
        waiter.Start(() => new LockCallResult(PcscError.Success, 9), delivered.SetResult);
        await delivered.Task.WaitAsync(Wait);
        waiter.Taken((await delivered.Task));
        var cleanups = 0;
        LockCallResult? cleanedWith = new(PcscError.Success);

        waiter.Abandon(r => { cleanups++; cleanedWith = r; });

        Assert.Equal((1, (LockCallResult?)null), (cleanups, cleanedWith));
    }

    [Fact]
    public async Task A_call_that_throws_comes_back_as_a_failed_result()
    {
        var waiter = new LockWaiter("test");
        var delivered = new TaskCompletionSource<LockCallResult>();

        waiter.Start(() => throw new InvalidOperationException("boom"), delivered.SetResult);

        await delivered.Task.WaitAsync(Wait);
        Assert.Equal("boom", Assert.IsType<LockCallFailed>((await delivered.Task)).Exception.Message);
    }
}
