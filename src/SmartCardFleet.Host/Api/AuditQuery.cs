using System.Globalization;
using SmartCardFleet.Abstractions.Text;
using SmartCardFleet.Storage.Audit;

namespace SmartCardFleet.Host.Api;

/// <summary>The query of GET /api/audit and its CSV export: every field optional, each bad one refused by name.</summary>
public sealed record AuditQuery(AuditFilter Filter, long? Before, int Limit)
{
    public const int DefaultLimit = 100;

    public const int MaxLimit = 1_000;

    /// <summary>Longest station, reader, who or action text a filter takes (longer matches nothing the journal keeps).</summary>
    public const int MaxTextLength = 200;

    /// <summary>ISO 8601: a date, or a date and time with seconds or minutes, optional fraction, 'Z' or an offset; a
    /// time without either is UTC.</summary>
    private static readonly string[] TimeFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    public static bool TryParse(IQueryCollection query, int maxLimit, int defaultLimit, out AuditQuery parsed, out FieldProblem? problem)
    {
        ArgumentNullException.ThrowIfNull(query);
        parsed = null!;
        problem = null;
        string? Text(string name) => query.TryGetValue(name, out var values) ? values.ToString() : null;
        if (!TryTime(Text("from"), "from", out var from, ref problem) || !TryTime(Text("to"), "to", out var to, ref problem)
            || !TryName(Text("station"), "station", ref problem) || !TryName(Text("reader"), "reader", ref problem)
            || !TryName(Text("who"), "who", ref problem) || !TryName(Text("action"), "action", ref problem)
            || !TryNumber(Text("before"), "before", 1, long.MaxValue, out var before, ref problem)
            || !TryNumber(Text("limit"), "limit", 1, maxLimit, out var limit, ref problem))
        {
            return false;
        }

        AuditOutcome? outcome = null;
        if (Text("outcome") is { } outcomeText)
        {
            if (!RequestParsing.TryEnum(outcomeText, AuditOutcome.Succeeded, "outcome", out var value, out problem))
            {
                return false;
            }

            outcome = value;
        }

        if (from is not null && to is not null && from >= to)
        {
            problem = new FieldProblem("to", "to must be later than from (from is inclusive, to exclusive)");
            return false;
        }

        parsed = new AuditQuery(new AuditFilter(from, to, Text("station"), Text("reader"), Text("who"), Text("action"), outcome),
            before, (int)(limit ?? defaultLimit));
        return true;
    }

    private static bool TryTime(string? text, string field, out DateTimeOffset? time, ref FieldProblem? problem)
    {
        time = null;
        if (text is null)
        {
            return true;
        }

        if (!DateTimeOffset.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            problem = new FieldProblem(field, $"{field} \"{Bounded.Echo(text)}\" is not an ISO 8601 time such as 2026-12-01 or 2026-12-01T08:30:00Z");
            return false;
        }

        time = parsed;
        return true;
    }

    private static bool TryName(string? text, string field, ref FieldProblem? problem)
    {
        if (text is null || (text.Length is > 0 and <= MaxTextLength))
        {
            return true;
        }

        problem = new FieldProblem(field, $"{field} must be 1..{MaxTextLength} characters (an exact {field} name)");
        return false;
    }

    private static bool TryNumber(string? text, string field, long min, long max, out long? value, ref FieldProblem? problem)
    {
        value = null;
        if (text is null)
        {
            return true;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < min || parsed > max)
        {
            problem = new FieldProblem(field, $"{field} \"{Bounded.Echo(text)}\" must be a whole number from {min} to {max}");
            return false;
        }

        value = parsed;
        return true;
    }
}
