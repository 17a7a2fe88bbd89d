using SmartCardFleet.Core.Plugins.Loading;

namespace SmartCardFleet.Core.Plugins.Sessions;

/// <summary>How a card's work items call into a plugin outside an operation: started on the plugin's own threads
/// (<see cref="Isolation.PluginThreads"/>), awaited under a deadline, and a call past it reported to the host as a
/// fault of the plugin (<see cref="PluginFaultReport"/>) before the caller sees the cancellation.</summary>
internal static class PluginCalls
{
    public static async Task<T> CallAsync<T>(this CardWorkContext card, LoadedPlugin plugin, string entryPoint, TimeSpan timeout,
        Func<Task<T>> call, CancellationToken deadline)
    {
        var started = plugin.Threads.Start(entryPoint, call);
        try
        {
            return await started.WaitAsync(deadline);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !started.Completion.IsCompleted)
        {
            card.TellHost(new PluginFaultReport(card.ReaderId, plugin,
                $"{entryPoint} of plugin {plugin.Id} did not return within {timeout}; its thread \"{started.ThreadName}\" was abandoned"));
            throw;
        }
    }

    public static Task CallAsync(this CardWorkContext card, LoadedPlugin plugin, string entryPoint, TimeSpan timeout, Func<Task> call,
        CancellationToken deadline) =>
        card.CallAsync(plugin, entryPoint, timeout, async () =>
        {
            await call();
            return true;
        }, deadline);
}
