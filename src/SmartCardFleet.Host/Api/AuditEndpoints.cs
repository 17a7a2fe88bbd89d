using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmartCardFleet.Host.Security;
using SmartCardFleet.Storage;
using SmartCardFleet.Storage.Audit;

namespace SmartCardFleet.Host.Api;

/// <summary>GET /api/audit (Viewer): pages of the audit journal, newest first, filtered; GET /api/audit/export.csv
/// (Admin): the same filters as CSV (<see cref="AuditCsv"/>: quoted, formulas defused), oldest first, at most <see cref="MaxExportRows"/> rows (a trailer line says when the
/// export was cut). Both answer 503 when the station has no audit journal (reason AuditUnavailable) or its database
/// cannot be read (reason StorageUnavailable).</summary>
public static class AuditEndpoints
{
    public const int MaxExportRows = 100_000;

    /// <summary>Set on every export: clients know where the cut is without reading to the end.</summary>
    public const string MaxRowsHeader = "X-Audit-Max-Rows";

    /// <summary>The last line of an export that reached <see cref="MaxExportRows"/> and had more.</summary>
    public const string TruncatedTrailer = "# truncated";

    /// <summary>The last line of an export whose database failed after the first rows were sent.</summary>
    public const string StorageFailedTrailer = "# storage unavailable";

    public static RouteGroupBuilder MapAuditEndpoints(this RouteGroupBuilder api)
    {
        var audit = api.MapGroup("/audit").WithTags("Audit");
        audit.MapGet("/", PageAsync).RequireRole(FleetRole.Viewer).ProducesProblem(400).ProducesProblem(503)
            .WithSummary("Audit records, newest first: filters from (inclusive), to (exclusive; ISO 8601), station, reader, who, " +
                $"action (exact), outcome (Succeeded, Failed, Refused); before = the previous page's nextBefore; limit 1..{AuditQuery.MaxLimit}");
        audit.MapGet("/export.csv", ExportAsync).RequireRole(FleetRole.Admin).Audited("audit.export")
            .Produces(200, contentType: "text/csv").ProducesProblem(400).ProducesProblem(503)
            .WithSummary($"The filtered audit journal as CSV, oldest first, at most {MaxExportRows} rows (limit lowers it); " +
                $"a cut export ends with a line starting \"{TruncatedTrailer}\"");
        return api;
    }

    private static async Task<IResult> PageAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (!AuditQuery.TryParse(context.Request.Query, AuditQuery.MaxLimit, AuditQuery.DefaultLimit, out var query, out var problem))
        {
            return Problems.BadRequest(problem!.Detail, problem.Field);
        }

        if (context.RequestServices.GetService<IAuditReader>() is not { } reader)
        {
            return Unavailable();
        }

        AuditPage page;
        try
        {
            page = await reader.QueryAsync(query.Filter, query.Before, query.Limit, cancellationToken);
        }
        catch (StorageUnavailableException failure)
        {
            return StorageUnavailable(failure);
        }

        return TypedResults.Ok(new AuditPageDto([.. page.Records.Select(ToDto)], page.NextBefore));
    }

    private static async Task<IResult> ExportAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (!AuditQuery.TryParse(context.Request.Query, MaxExportRows, MaxExportRows, out var query, out var problem))
        {
            return Problems.BadRequest(problem!.Detail, problem.Field);
        }

        if (context.RequestServices.GetService<IAuditReader>() is not { } reader)
        {
            return Unavailable();
        }

        context.SetAuditSubject(new AuditSubject(query.Filter.Reader, null, null, new JsonObject
        {
            ["from"] = query.Filter.From, ["to"] = query.Filter.To, ["station"] = query.Filter.Station, ["who"] = query.Filter.Who,
            ["action"] = query.Filter.Action, ["outcome"] = query.Filter.Outcome?.ToString(), ["limit"] = query.Limit,
        }));
        // The first row is read before anything is sent, so a database that fails at once still gets a 503 problem; one
        // that fails later ends the export with a trailer line, as a cut export does (the status is sent by then).
        await using var records = reader.ExportAsync(query.Filter, query.Limit + 1, cancellationToken).GetAsyncEnumerator(cancellationToken);
        bool more;
        try
        {
            more = await records.MoveNextAsync();
        }
        catch (StorageUnavailableException failure)
        {
            return StorageUnavailable(failure);
        }

        var response = context.Response;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = "attachment; filename=\"audit.csv\"";
        response.Headers[MaxRowsHeader] = query.Limit.ToString(CultureInfo.InvariantCulture);
        await response.WriteAsync(AuditCsv.Header + "\r\n", cancellationToken);
        var rows = 0;
        try
        {
            // One more than allowed: it only tells whether the export was cut, it is never written.
            for (; more; more = await records.MoveNextAsync())
            {
                if (++rows > query.Limit)
                {
                    await response.WriteAsync($"{TruncatedTrailer} after {query.Limit} rows: narrow the filters (from, to) for the rest\r\n",
                        cancellationToken);
                    break;
                }

                await response.WriteAsync(AuditCsv.Line(records.Current), cancellationToken);
            }
        }
        catch (StorageUnavailableException failure)
        {
            await response.WriteAsync($"{StorageFailedTrailer} after {rows} rows: {failure.Message}\r\n", cancellationToken);
        }

        return TypedResults.Empty;
    }

    /// <summary>503 with the database's reason (no password: <see cref="StorageUnavailableException"/> never holds one).</summary>
    private static IResult StorageUnavailable(StorageUnavailableException failure) => TypedResults.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable, title: "StorageUnavailable",
        detail: $"the audit journal cannot be read now: {failure.Message}",
        extensions: new Dictionary<string, object?> { ["reason"] = "StorageUnavailable" });

    private static IResult Unavailable() => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "AuditUnavailable", detail: "this node keeps no audit journal (Storage is not set up, or Storage:Audit:Enabled is false)",
        extensions: new Dictionary<string, object?> { ["reason"] = "AuditUnavailable" });

    internal static AuditRecordDto ToDto(AuditRecord record)
    {
        var e = record.Entry;
        return new AuditRecordDto(record.Id, e.Time, e.Station, e.Reader, e.CardAtr, e.CardUid, e.Who, e.Action, Parse(e.What),
            e.Outcome.ToString(), e.Status, e.Detail);
    }

    /// <summary>"what" is stored as compact JSON; anything else is shown as the text it is.</summary>
    private static JsonNode? Parse(string? what)
    {
        if (what is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(what);
        }
        catch (JsonException)
        {
            return JsonValue.Create(what);
        }
    }
}

/// <summary>One audit record as the API shows it; "what" is the redacted arguments as JSON.</summary>
public sealed record AuditRecordDto(long Id, DateTimeOffset Time, string Station, string? Reader, string? CardAtr, string? CardUid,
    string Who, string Action, JsonNode? What, string Outcome, int Status, string? Detail);

/// <summary>GET /api/audit: a page of records, newest first; nextBefore fetches the next (older) page, null on the last.</summary>
public sealed record AuditPageDto(IReadOnlyList<AuditRecordDto> Records, long? NextBefore);
