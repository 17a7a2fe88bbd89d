namespace SmartCardFleet.Core.Plugins.Isolation;

/// <summary>A call was not started: the plugin already has as many stuck threads as it may (see
/// <see cref="PluginThreads.AbandonedLimit"/>). Counts as a fault of the plugin.</summary>
public sealed class PluginThreadsExhaustedException : Exception
{
    public PluginThreadsExhaustedException()
    {
    }

    public PluginThreadsExhaustedException(string message)
        : base(message)
    {
    }

    public PluginThreadsExhaustedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal PluginThreadsExhaustedException(string owner, string entryPoint, int stuck, IReadOnlyList<string> threads)
        : base($"{entryPoint} of plugin {owner} was not started: {stuck} of its threads are stuck past a deadline ({string.Join(", ", threads)})")
    {
    }
}
