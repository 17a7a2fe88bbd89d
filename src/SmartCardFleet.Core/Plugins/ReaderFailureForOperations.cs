using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Core.Plugins;

/// <summary>What a reader's failure means to the caller of a plugin operation: the card is not there (409), the
/// station cannot reach PC/SC or the reader is being re-created (503, retry shortly), or anything else the reader
/// refused (409 with the reader's reason). One rule for the plugin host's routing and the card session.</summary>
internal static class ReaderFailureForOperations
{
    public static OperationFailureReason Reason(ReaderFailureReason reason) => reason switch
    {
        ReaderFailureReason.UnknownReader => OperationFailureReason.UnknownReader,
        ReaderFailureReason.NoCard or ReaderFailureReason.CardGone or ReaderFailureReason.NotAttached => OperationFailureReason.NoCard,
        ReaderFailureReason.ServiceUnavailable or ReaderFailureReason.ReaderGone => OperationFailureReason.ReaderUnavailable,
        _ => OperationFailureReason.ReaderFailed,
    };

    /// <summary>The message keeps the reader's reason in front where the operation's reason does not already say it.</summary>
    public static OperationFailed Failed(ReaderId readerId, ReaderFailure failure, string? pluginId = null)
    {
        var reason = Reason(failure.Reason);
        var message = reason == OperationFailureReason.NoCard ? failure.Message : $"{failure.Reason}: {failure.Message}";
        return new OperationFailed(readerId, reason, message, pluginId);
    }
}
