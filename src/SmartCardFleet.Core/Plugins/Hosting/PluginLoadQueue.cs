using Akka.Actor;

namespace SmartCardFleet.Core.Plugins.Hosting;

/// <summary>
/// One plugin load at a time, for the plugin host: a load asked for while one runs waits its turn; a load of every
/// folder takes in the one-folder loads waiting with it (and a folder already covered by a waiting full load is not
/// queued again). Whoever asked (a reload over HTTP or the CLI) is told once the load that covers the request has been
/// applied.
/// </summary>
internal sealed class PluginLoadQueue
{
    private readonly List<(PluginLoadRequest Request, List<IActorRef> Requesters)> _waiting = [];
    private List<IActorRef> _runningRequesters = [];

    public PluginLoadRequest? Running { get; private set; }

    /// <summary>Returns the request to start now, or null when it waits for the load that runs.</summary>
    public PluginLoadRequest? Add(PluginLoadRequest request, IActorRef? requester)
    {
        ArgumentNullException.ThrowIfNull(request);
        List<IActorRef> requesters = requester is null ? [] : [requester];
        if (Running is null)
        {
            Running = request;
            _runningRequesters = requesters;
            return request;
        }

        if (request.Folder is null)
        {
            // A full load covers every folder load waiting with it: it takes their requesters too.
            requesters.AddRange(_waiting.SelectMany(w => w.Requesters));
            _waiting.Clear();
            _waiting.Add((request, requesters));
            return null;
        }

        var covering = _waiting.FindIndex(w => w.Request.Folder is null || w.Request == request);
        if (covering >= 0)
        {
            _waiting[covering].Requesters.AddRange(requesters);
        }
        else
        {
            _waiting.Add((request, requesters));
        }

        return null;
    }

    /// <summary>The running load was applied: whom to tell, and the next load to start (or null).</summary>
    public (IReadOnlyList<IActorRef> Requesters, PluginLoadRequest? Next) Done()
    {
        var told = _runningRequesters;
        Running = null;
        _runningRequesters = [];
        if (_waiting.Count == 0)
        {
            return (told, null);
        }

        (Running, _runningRequesters) = _waiting[0];
        _waiting.RemoveAt(0);
        return (told, Running);
    }
}
