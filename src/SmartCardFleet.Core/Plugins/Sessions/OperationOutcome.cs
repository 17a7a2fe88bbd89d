using SmartCardFleet.Abstractions.Plugins;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins.Loading;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Plugins.Sessions;

/// <summary>
/// How one operation ended, decided from what the plugin's task did: the requester's reply, how the transaction ends
/// (Reset when the card may be left half-way through a sequence), whether it counts towards quarantine
/// (<see cref="Fault"/>: an unexpected exception or a timeout; typed failures and reader failures do not), and whether
/// the session is dropped (<see cref="Abandon"/>: its task may never finish).
/// </summary>
internal sealed record OperationOutcome(object Reply, CardDisposition Disposition, bool Fault, bool Abandon)
{
    public static OperationOutcome Completed(ReaderId reader, LoadedPlugin plugin, System.Text.Json.Nodes.JsonNode? result) =>
        new(new OperationCompleted(reader, plugin.Id, plugin.Version, result), CardDisposition.Leave, Fault: false, Abandon: false);

    /// <param name="deadlinePassed">The operation's deadline had fired when <paramref name="ex"/> was thrown.</param>
    /// <param name="requestTimeout">How long the reader had to answer one request (for a reader that did not).</param>
    public static OperationOutcome Failed(ReaderId reader, LoadedPlugin plugin, string operation, Exception ex, bool deadlinePassed,
        TimeSpan operationTimeout, TimeSpan requestTimeout) => ex switch
    {
        // The plugin may ignore cancellation and never finish: drop its session, reset the card behind it.
        OperationCanceledException when deadlinePassed => new(Failure(reader, plugin, OperationFailureReason.Timeout,
            $"operation \"{operation}\" of plugin {plugin.Id} did not finish within {operationTimeout}; the card was reset"),
            CardDisposition.Reset, Fault: true, Abandon: true),
        // The session was opened, found to disagree with the manifest and disposed: the plugin is refused, the card untouched.
        PluginOperationsMismatchException refused => new(Failure(reader, plugin, OperationFailureReason.PluginFailed, refused.Message),
            CardDisposition.Leave, Fault: false, Abandon: false),
        CardOperationException typed => new(Failure(reader, plugin, Map(typed.Error), typed.Message), CardDisposition.Leave, Fault: false, Abandon: false),
        // The reader failed the plugin, not the other way round: not counted towards quarantine.
        _ when CardWorkContext.IsReaderFailure(ex) => new(ReaderFailed(reader, plugin, ex, requestTimeout), CardDisposition.Reset, Fault: false, Abandon: false),
        _ => new(Failure(reader, plugin, OperationFailureReason.PluginFailed, $"plugin {plugin.Id} failed in \"{operation}\": {ex.Message}"),
            CardDisposition.Reset, Fault: true, Abandon: false),
    };

    /// <summary>The reader refused or did not answer a request made for the plugin.</summary>
    public static OperationFailed ReaderFailed(ReaderId reader, LoadedPlugin plugin, Exception ex, TimeSpan requestTimeout) => ex switch
    {
        ReaderRequestException r => ReaderFailureForOperations.Failed(reader, r.Failure, plugin.Id),
        _ => Failure(reader, plugin, OperationFailureReason.ReaderFailed, $"the reader did not answer within {requestTimeout}"),
    };

    private static OperationFailed Failure(ReaderId reader, LoadedPlugin plugin, OperationFailureReason reason, string message) =>
        new(reader, reason, message, plugin.Id);

    private static OperationFailureReason Map(CardOperationError error) => error switch
    {
        CardOperationError.UnknownOperation => OperationFailureReason.UnknownOperation,
        CardOperationError.InvalidArgument => OperationFailureReason.InvalidArgument,
        CardOperationError.CardError => OperationFailureReason.CardError,
        _ => OperationFailureReason.NotSupported,
    };
}
