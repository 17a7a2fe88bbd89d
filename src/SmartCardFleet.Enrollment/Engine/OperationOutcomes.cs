using SmartCardFleet.Core.Messaging;
using SmartCardFleet.Core.Plugins;

namespace SmartCardFleet.Enrollment.Engine;

/// <summary>How a row's failed operation counts: a refusal before the card was touched is a failed attempt (the row may
/// be tried on another card); anything that may have reached the card leaves the row in doubt, never retried silently.</summary>
internal static class OperationOutcomes
{
    public static bool IsInDoubt(OperationReply reply) =>
        !reply.IsSuccess && (reply.Unanswered || reply.Failure.Reason switch
        {
            // Refused before any command reached the card, or the card itself answered an error status. Not NoCard: the
            // plugin host also answers NoCard ("the card is gone") for a card pulled while a command was in flight
            // (SCARD_E_NOT_TRANSACTED), which may have reached the card.
            OperationFailureReason.UnknownReader or OperationFailureReason.NotIdentified
                or OperationFailureReason.UnknownOperation or OperationFailureReason.InvalidArgument or OperationFailureReason.NotSupported
                or OperationFailureReason.Quarantined or OperationFailureReason.ReaderUnavailable or OperationFailureReason.CardError => false,
            // Timeout (the card was reset mid-command), ReaderFailed (card pulled, PC/SC error), StationUnreachable,
            // PluginFailed, and any reason added later: the command may have reached the card.
            _ => true,
        });

    public static string Describe(OperationFailed failure) => $"{failure.Reason}: {failure.Message}";
}
