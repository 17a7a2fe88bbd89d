using Akka.Actor;

namespace SmartCardFleet.Core.Plugins.Hosting;

/// <summary>
/// One plugin load at a time, for the plugin host: a load asked for while one runs waits its turn; a load of every
/// folder takes in the one-folder loads waiting with it (and a folder already covered by a waiting full load is not
/// queued again). Who asked for a full reload is told once the load that covers the request has been applied.
/// </summary>
internal sealed class PluginLoadQueue
{
    private readonly List<PluginLoadRequest> _waiting = [];
    private readonly List<IActorRef> _waitingRequesters = [];
    private List<IActorRef> _runningRequesters = [];

    public PluginLoadRequest? Running { get; private set; }

    /// <summary>Returns the request to start now, or null when it waits for the load that runs.</summary>
    public PluginLoadRequest? Add(PluginLoadRequest request, IActorRef? requester)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Running is null)
        {
            Running = request;
            _runningRequesters = requester is null ? [] : [requester];
            return request;
        }

        if (request.Folder is null)
        {
            _waiting.RemoveAll(r => r.Folder is not null);
            if (_waiting.Count == 0)
            {
                _waiting.Add(request);
            }

            if (requester is not null)
            {
                _waitingRequesters.Add(requester);
            }
        }
        else if (!_waiting.Contains(request) && !_waiting.Any(r => r.Folder is null))
        {
            _waiting.Add(request);
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

        Running = _waiting[0];
        _waiting.RemoveAt(0);
        if (Running.Folder is null)
        {
            _runningRequesters = [.. _waitingRequesters];
            _waitingRequesters.Clear();
        }

        return (told, Running);
    }
}
