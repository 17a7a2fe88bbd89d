namespace SmartCardFleet.Core.Plugins.Isolation;

/// <summary>One call into plugin code, started on a plugin thread by <see cref="PluginThreads.Start{T}"/>.</summary>
internal sealed class PluginCall<T>
{
    private readonly PluginThreads _threads;
    private readonly PluginWorker? _worker;

    internal PluginCall(PluginThreads threads, PluginWorker? worker, string entryPoint, Task<T> completion)
    {
        _threads = threads;
        _worker = worker;
        EntryPoint = entryPoint;
        Completion = completion;
    }

    public string EntryPoint { get; }

    /// <summary>The name of the thread the call runs on (null when it was refused).</summary>
    public string? ThreadName => _worker?.Name;

    /// <summary>Ends when the plugin's code ends: perhaps never. Hand it to whatever must clean up after the plugin
    /// (a session disposed once its abandoned operation returns); never await it without a deadline.</summary>
    public Task<T> Completion { get; }

    /// <summary>True once the caller gave up on the call and its thread counts as stuck.</summary>
    public bool Abandoned { get; private set; }

    /// <summary>The call's result, or <see cref="OperationCanceledException"/> as soon as <paramref name="deadline"/>
    /// fires: the caller stops waiting and the thread is abandoned (<see cref="PluginThreads.Abandoned"/>).</summary>
    public async Task<T> WaitAsync(CancellationToken deadline)
    {
        try
        {
            return await Completion.WaitAsync(deadline).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && _worker is not null)
        {
            if (Completion.IsCompleted)
            {
                // The answer and the deadline came together: the plugin did answer, take it (or what it threw).
                return await Completion.ConfigureAwait(false);
            }

            Abandoned = _threads.Abandon(_worker, EntryPoint);
            throw;
        }
    }

    internal static PluginCall<T> Refused(PluginThreads threads, string entryPoint, Exception reason) =>
        new(threads, null, entryPoint, Task.FromException<T>(reason));
}
