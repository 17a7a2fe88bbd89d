using SmartCardFleet.Core.Plugins.Isolation;
using SmartCardFleet.Core.Tests.Plugins.Support;
using SmartCardFleet.Core.Tests.Support;

namespace SmartCardFleet.Core.Tests.Plugins.Isolation;

/// <summary>
/// The plugin threads: where plugin code starts and continues, what a deadline does to a call that never returns,
/// and the bound on stuck threads. Deadlines are decided by a <see cref="ManualTimeProvider"/>; the waits with a
/// real-time limit only wait for a plugin thread to reach a point the spec names (they never decide an outcome).
/// </summary>
public sealed class PluginThreadsSpecs : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Reach = TimeSpan.FromSeconds(10);

    private readonly ManualTimeProvider _clock = new();
    private readonly PluginThreads _threads = new("org.test.blocking", abandonedLimit: 2);
    private readonly ManualResetEventSlim _release = new();

    [Fact]
    public async Task Plugin_code_starts_on_a_named_dedicated_thread_and_its_awaits_come_back_to_that_thread()
    {
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource<(bool Pool, string? Name, int Id)>(TaskCreationOptions.RunContinuationsAsynchronously);
        int? after = null;

        var call = _threads.Start("ExecuteAsync", async () =>
        {
            started.SetResult((Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name, Environment.CurrentManagedThreadId));
            await resume.Task;
            after = Environment.CurrentManagedThreadId;
            return 42;
        });
        // Completed from the test's thread: without the worker's context the continuation would run here or on the pool.
        var before = await started.Task.WaitAsync(Reach);
        resume.SetResult();

        Assert.Equal(42, await call.Completion);
        Assert.False(before.Pool);
        Assert.Equal("plugin org.test.blocking #1", before.Name);
        Assert.Equal(call.ThreadName, before.Name);
        Assert.Equal(before.Id, after);
    }

    [Fact]
    public async Task A_call_that_blocks_before_returning_its_task_does_not_block_the_caller_and_is_abandoned_at_its_deadline()
    {
        using var deadline = new CancellationTokenSource(Deadline, _clock);
        var entered = new ManualResetEventSlim();

        var call = _threads.Start<int>("ExecuteAsync", () =>
        {
            entered.Set();
            _release.Wait();
            return Task.FromResult(1);
        });
        var waiting = call.WaitAsync(deadline.Token);
        Assert.True(entered.Wait(Reach));
        Assert.False(waiting.IsCompleted);
        _clock.Advance(Deadline - TimeSpan.FromTicks(1));
        Assert.False(waiting.IsCompleted);
        _clock.Advance(TimeSpan.FromTicks(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.True(call.Abandoned);
        Assert.Equal(1, _threads.Abandoned);
        Assert.Equal(["plugin org.test.blocking #1"], _threads.AbandonedThreads);
    }

    [Fact]
    public async Task A_stuck_thread_that_returns_after_all_is_counted_back_and_takes_the_next_call()
    {
        using var deadline = new CancellationTokenSource(Deadline, _clock);
        var stuck = _threads.Start<int>("ProbeAsync", () =>
        {
            _release.Wait();
            return Task.FromResult(1);
        });
        var waiting = stuck.WaitAsync(deadline.Token);
        _clock.Advance(Deadline);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        _release.Set();
        await stuck.Completion;
        var next = _threads.Start("Match", () => Task.FromResult(Thread.CurrentThread.Name));

        Assert.Equal(0, _threads.Abandoned);
        Assert.Equal(stuck.ThreadName, await next.Completion);
        Assert.Equal(1, _threads.Threads);
    }

    [Fact]
    public async Task At_the_bound_of_stuck_threads_no_call_starts_and_no_thread_is_made()
    {
        for (var i = 0; i < _threads.AbandonedLimit; i++)
        {
            using var deadline = new CancellationTokenSource(Deadline, _clock);
            var waiting = _threads.Start<int>("ExecuteAsync", () =>
            {
                _release.Wait();
                return Task.FromResult(0);
            }).WaitAsync(deadline.Token);
            _clock.Advance(Deadline);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        }

        var refused = _threads.Start("Match", () => Task.FromResult(true));

        Assert.True(_threads.Exhausted);
        var error = await Assert.ThrowsAsync<PluginThreadsExhaustedException>(() => refused.WaitAsync(CancellationToken.None));
        Assert.Contains("2 of its threads are stuck", error.Message, StringComparison.Ordinal);
        Assert.Null(refused.ThreadName);
        Assert.Equal(2, _threads.Threads);
    }

    [Fact]
    public async Task Calls_in_flight_at_once_run_on_threads_of_their_own_and_an_idle_thread_is_reused()
    {
        var first = _threads.Start<string?>("ExecuteAsync", () =>
        {
            _release.Wait();
            return Task.FromResult(Thread.CurrentThread.Name);
        });
        var second = _threads.Start("ExecuteAsync", () => Task.FromResult(Thread.CurrentThread.Name));

        Assert.Equal("plugin org.test.blocking #2", await second.Completion);
        var third = _threads.Start("ExecuteAsync", () => Task.FromResult(Thread.CurrentThread.Name));
        Assert.Equal("plugin org.test.blocking #2", await third.Completion);
        _release.Set();
        Assert.Equal("plugin org.test.blocking #1", await first.Completion);
    }

    [Fact]
    public async Task What_the_plugin_throws_synchronously_or_later_is_what_the_caller_sees()
    {
        var thrown = _threads.Start<bool>("Match", () => throw new InvalidOperationException("broken Match"));
        var faulted = _threads.Start<bool>("ProbeAsync", async () =>
        {
            await Task.Yield();
            throw new FormatException("broken probe");
        });

        Assert.Equal("broken Match", (await Assert.ThrowsAsync<InvalidOperationException>(() => thrown.WaitAsync(CancellationToken.None))).Message);
        Assert.Equal("broken probe", (await Assert.ThrowsAsync<FormatException>(() => faulted.WaitAsync(CancellationToken.None))).Message);
        Assert.Equal(0, _threads.Abandoned);
    }

    /// <summary>The limit docs/plugin-isolation.md states: ConfigureAwait(false) inside a plugin leaves its thread.</summary>
    [Fact]
    public async Task A_continuation_after_ConfigureAwait_false_runs_on_the_ThreadPool_outside_the_plugins_threads()
    {
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new ManualResetEventSlim();

        var call = _threads.Start("ExecuteAsync", async () =>
        {
            started.Set();
            await resume.Task.ConfigureAwait(false);
            return (Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name);
        });
        Assert.True(started.Wait(Reach));
        resume.SetResult();

        var (pool, name) = await call.Completion;
        Assert.True(pool);
        Assert.NotEqual(call.ThreadName, name);
    }

    [Fact]
    public async Task An_idle_thread_ends_at_its_idle_time_and_not_before()
    {
        var idleTimeout = TimeSpan.FromSeconds(10);
        var threads = new PluginThreads("org.test.idle", abandonedLimit: 1, idleTimeout: idleTimeout, clock: _clock);

        var worker = await threads.Start("Match", () => Task.FromResult(Thread.CurrentThread)).Completion;
        // The worker waits for its next call: its idle timer is the clock's only one.
        await _clock.WhenAsync(timers => timers.Armed == 1).WaitAsync(Reach);
        _clock.Advance(idleTimeout - TimeSpan.FromTicks(1));
        Assert.Equal(1, threads.Threads);
        Assert.Equal(1, _clock.ArmedTimers);
        _clock.Advance(TimeSpan.FromTicks(1));

        Assert.True(worker.Join(Reach), "the idle thread did not end");
        Assert.Equal(0, threads.Threads);
    }

    public void Dispose()
    {
        // Stuck threads of a spec return, so the spec run does not keep them.
        _release.Set();
        _release.Dispose();
    }
}
