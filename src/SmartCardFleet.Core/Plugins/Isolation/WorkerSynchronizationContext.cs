namespace SmartCardFleet.Core.Plugins.Isolation;

/// <summary>
/// The SynchronizationContext of a <see cref="PluginWorker"/>'s thread: a plugin's <c>await</c> (without
/// <c>ConfigureAwait(false)</c>) captures it and its continuation is queued back to the same dedicated thread, so
/// plugin code never runs on the .NET ThreadPool, where a blocking call would starve the actors and timers that
/// share it. Continuations run one at a time, in order, like on a UI thread.
/// </summary>
internal sealed class WorkerSynchronizationContext(PluginWorker worker) : SynchronizationContext
{
    public override void Post(SendOrPostCallback d, object? state)
    {
        ArgumentNullException.ThrowIfNull(d);
        worker.Enqueue(d, state);
    }

    /// <summary>Runs inline on the worker's own thread; from elsewhere, queues and waits (a blocking wait, but only
    /// ever asked for by plugin code, which never runs on a shared thread).</summary>
    public override void Send(SendOrPostCallback d, object? state)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (worker.IsCurrentThread)
        {
            d(state);
            return;
        }

        using var done = new ManualResetEventSlim();
        Exception? failure = null;
        worker.Enqueue(_ =>
        {
            try
            {
                d(state);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
            finally
            {
                done.Set();
            }
        }, null);
        done.Wait();
        if (failure is not null)
        {
            throw new InvalidOperationException("a callback sent to a plugin thread failed", failure);
        }
    }

    public override SynchronizationContext CreateCopy() => this;
}
