using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions.Text;
using SmartCardFleet.Host.Configuration;
using SmartCardFleet.Storage.Audit;

namespace SmartCardFleet.Host.Security;

/// <summary>
/// After a request to an <see cref="AuditedAction"/> endpoint is answered — also when the token check refused it (401,
/// 403) or the handler threw — hands one <see cref="AuditEntry"/> to <see cref="IAuditJournal.Record"/>, which only
/// queues it: the request never waits for storage, so the APDU path costs one allocation and an enqueue. Without an
/// audit journal in the container (storage not set up) nothing is recorded. Anonymous refusals (a 401, a failed
/// session.login) are folded per action and interval by <see cref="AnonymousRefusals"/>, so a client without a token
/// cannot flood the journal; an identified caller's refusals are recorded one by one.
/// </summary>
public sealed class AuditMiddleware(RequestDelegate next, FleetNode node, TimeProvider time, IServiceProvider services) : IDisposable
{
    /// <summary>The login endpoint's action: its failures come from callers without a valid token by definition.</summary>
    public const string LoginAction = "session.login";

    /// <summary>The most characters of "what" JSON one entry keeps; larger is replaced by a marker and a short preview.</summary>
    public const int MaxWhatLength = 2048;

    private const int TruncatedPreview = 256;

    private readonly IAuditJournal? _journal = services.GetService<IAuditJournal>();

    private readonly AnonymousRefusals? _anonymous = services.GetService<IAuditJournal>() is { } journal ? new AnonymousRefusals(journal, time) : null;

    public void Dispose() => _anonymous?.Dispose();

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_journal is null || context.GetEndpoint()?.Metadata.GetMetadata<AuditedAction>() is not { } action)
        {
            await next(context);
            return;
        }

        int? thrown = null;
        try
        {
            await next(context);
        }
        catch (Exception e) when (Remember(e, out thrown))
        {
            // Never reached: the filter only notes the status the exception will be answered with.
        }
        finally
        {
            var entry = Entry(context, action.Action, thrown ?? context.Response.StatusCode);
            if (IsAnonymousRefusal(context, entry))
            {
                _anonymous!.Record(entry);
            }
            else
            {
                _journal.Record(entry);
            }
        }
    }

    /// <summary>A 401 (no valid token), or a login that failed without an identified caller: nobody to name, so
    /// anyone can send as many as they like.</summary>
    private static bool IsAnonymousRefusal(HttpContext context, AuditEntry entry) =>
        entry.Status == StatusCodes.Status401Unauthorized
        || (entry.Action == LoginAction && entry.Outcome != AuditOutcome.Succeeded && context.IdentifiedCaller() is null);

    /// <summary>A rejected body is answered 4xx by the problem pipeline; anything else unhandled 500.</summary>
    private static bool Remember(Exception e, out int? status)
    {
        status = e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
        return false;
    }

    private AuditEntry Entry(HttpContext context, string action, int status)
    {
        var subject = context.AuditSubject();
        var who = status == StatusCodes.Status401Unauthorized ? ConfiguredTokens.AnonymousName
            : context.IdentifiedCaller()?.Name ?? ConfiguredTokens.AnonymousName;
        var outcome = AuditNote.OutcomeOf(status);
        var detail = outcome == AuditOutcome.Succeeded ? null : context.AuditDetail() ?? DefaultDetail(status);
        return new AuditEntry(time.GetUtcNow(), subject?.Station ?? node.StationName, Bounded.Echo(subject?.Reader),
            Bounded.Text(subject?.CardAtr, 2 * Events.KnownReaders.MaxAtrBytes), Bounded.Echo(subject?.CardUid), who, action, What(subject?.What ?? RouteValues(context)),
            outcome, status, detail);
    }

    /// <summary>Without a subject (refused before the handler ran) the entry says what the path named.</summary>
    private static JsonObject? RouteValues(HttpContext context)
    {
        var values = context.Request.RouteValues;
        return values.Count == 0 ? null
            : new JsonObject(values.Select(v => KeyValuePair.Create(v.Key, (JsonNode?)Bounded.Echo(v.Value?.ToString()))));
    }

    public static string? What(JsonObject? what)
    {
        if (what is null)
        {
            return null;
        }

        var json = what.ToJsonString();
        return json.Length <= MaxWhatLength ? json
            : new JsonObject { ["truncated"] = json.Length, ["preview"] = json[..TruncatedPreview] }.ToJsonString();
    }

    private static string DefaultDetail(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "Unauthorized",
        StatusCodes.Status403Forbidden => "Forbidden",
        StatusCodes.Status500InternalServerError => "Internal Server Error",
        _ => ReasonPhrases(status),
    };

    private static string ReasonPhrases(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : $"HTTP {status}";
}
