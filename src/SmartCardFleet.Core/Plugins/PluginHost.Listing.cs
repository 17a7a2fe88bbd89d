using Akka.Actor;
using Microsoft.Extensions.Logging;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Messaging;

namespace SmartCardFleet.Core.Plugins;

// Learning the cards that were attached before this host could see their CardAttached event. The start-up listing
// fails while the PC/SC service is down (the manager is recovering); it is asked again when the service is restored,
// and, as a fallback for any other failure, after PluginHostSettings.RelistDelay.
public sealed partial class PluginHost
{
    private const string RelistTimerKey = "relist-readers";

    /// <summary>The only ReaderFailure sent to this actor itself (every other reader request is an Ask) is the answer to ListReaders.</summary>
    private void OnListingFailed(ReaderFailure failure)
    {
        LogListingFailed(failure.Reason.ToString(), failure.Message);
        Timers.StartSingleTimer(RelistTimerKey, RelistReaders.Instance, _settings.RelistDelay);
    }

    /// <summary>Cards already known with the same session are left alone (OnReaderList), so listing again is harmless.</summary>
    private void ListReadersAgain()
    {
        Timers.Cancel(RelistTimerKey);
        _manager.Tell(ListReaders.Instance);
    }

    [LoggerMessage(EventId = 4406, Level = LogLevel.Information,
        Message = "Could not list the readers ({Reason}: {Detail}); listing again when the PC/SC service is back")]
    private partial void LogListingFailed(string reason, string detail);

    private sealed record RelistReaders : ILocalOnlyMessage
    {
        public static readonly RelistReaders Instance = new();
    }
}
