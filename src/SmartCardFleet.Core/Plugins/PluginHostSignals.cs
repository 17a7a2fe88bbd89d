using Akka.Actor;
using SmartCardFleet.Core.Messaging;
using SmartCardFleet.Core.Plugins.Hosting;

namespace SmartCardFleet.Core.Plugins;

// The plugin host's messages to itself (timers, the folder watcher, piped asks); not part of the public API.

/// <summary>The watcher saw files change under a plugin folder (null: events were lost, re-read everything).</summary>
internal sealed record PluginFolderChanged(string? Folder) : ILocalOnlyMessage;

/// <summary>The folder has been quiet for the debounce time.</summary>
internal sealed record ReloadFolderDue(string Folder) : ILocalOnlyMessage;

/// <summary>The manager's answer about a reader the host held no card for when <paramref name="Run"/> arrived.</summary>
internal sealed record ReaderLookedUp(RunOperation Run, IActorRef Requester, ReaderLookup.Decision Decision) : ILocalOnlyMessage;

/// <summary>The fallback timer after a failed reader listing.</summary>
internal sealed record RelistReaders : ILocalOnlyMessage
{
    public static readonly RelistReaders Instance = new();
}
