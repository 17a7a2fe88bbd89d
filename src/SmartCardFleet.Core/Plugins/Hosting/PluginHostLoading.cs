using Akka.Actor;
using Microsoft.Extensions.Logging;

namespace SmartCardFleet.Core.Plugins.Hosting;

/// <summary>
/// The plugin host's loading, beside the actor: one read of the plugin folders at a time, off the actor (plugin
/// constructors may block), its result piped back to the actor as <see cref="PluginsRead"/> or
/// <see cref="PluginsReadFailed"/>; loads asked for meanwhile wait in the <see cref="PluginLoadQueue"/>, and their
/// requesters get the plugin status once their load is applied. The actor keeps its receives and its states.
/// </summary>
internal sealed class PluginHostLoading(PluginReloader reloader, IActorRef host, ILogger log)
{
    private readonly PluginLoadQueue _loads = new();

    /// <summary>Queues <paramref name="request"/>, reading it now when no read runs. <paramref name="requester"/> gets
    /// the plugin status once the load is applied.</summary>
    public void Load(PluginLoadRequest request, IActorRef? requester) => StartRead(_loads.Add(request, requester));

    /// <summary>What a read that came back changes in the registry, for the actor to apply.</summary>
    public PluginReloader.Result Apply(PluginsRead read) => reloader.Apply(read);

    public void Failed(PluginsReadFailed failed) => PluginHostLog.LoadFailed(log, failed.Reason, null);

    /// <summary>The running load is applied (or failed): its requesters get <paramref name="status"/>, and the next
    /// queued load starts.</summary>
    public void Applied(Func<PluginCatalogStatus> status)
    {
        var (requesters, next) = _loads.Done();
        foreach (var requester in requesters)
        {
            requester.Tell(status(), host);
        }

        StartRead(next);
    }

    /// <inheritdoc cref="PluginReloader.Watch"/>
    public PluginDirectoryWatcher? Watch(Action<string?> changed) => reloader.Watch(changed);

    private void StartRead(PluginLoadRequest? request)
    {
        if (request is not null)
        {
            reloader.ReadAsync(request).PipeTo(host, success: read => read, failure: ex => new PluginsReadFailed(request, ex.Message));
        }
    }
}
