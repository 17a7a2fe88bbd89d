using SmartCardFleet.Storage.Audit;

namespace SmartCardFleet.Host.Security;

/// <summary>How an answer explains itself in the audit journal's Detail: a problem's reason or title (a fixed vocabulary
/// of the station, never the detail text, which may quote what the client sent), noted by whoever wrote the answer.</summary>
public static class AuditNote
{
    private static readonly object DetailKey = new();

    public static void NoteAuditDetail(this HttpContext context, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items[DetailKey] = detail;
    }

    public static string? AuditDetail(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.TryGetValue(DetailKey, out var detail) ? detail as string : null;
    }

    /// <summary>2xx Succeeded. A 4xx is Refused (nothing ran: bad input, no token, a missing role, an unknown target, a
    /// card held by someone else), except 408 and 409, which a card can cause midway (CardGone, TransactionEnded): those
    /// and every 5xx are Failed.</summary>
    public static AuditOutcome OutcomeOf(int status) => status switch
    {
        >= 200 and < 300 => AuditOutcome.Succeeded,
        StatusCodes.Status408RequestTimeout or StatusCodes.Status409Conflict => AuditOutcome.Failed,
        >= 400 and < 500 => AuditOutcome.Refused,
        _ => AuditOutcome.Failed,
    };
}
