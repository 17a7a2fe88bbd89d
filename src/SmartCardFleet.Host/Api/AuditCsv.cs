using System.Globalization;
using System.Text;
using SmartCardFleet.Storage.Audit;

namespace SmartCardFleet.Host.Api;

/// <summary>The audit journal as CSV (RFC 4180: comma separated, CRLF, fields with a comma, quote or line break quoted).
/// A field a client could have influenced that starts like a spreadsheet formula (=, +, -, @, tab, CR) gets a leading
/// apostrophe, so opening the export in a spreadsheet never runs it.</summary>
public static class AuditCsv
{
    public const string Header = "id,time,station,reader,cardAtr,cardUid,who,action,outcome,status,detail,what";

    public static string Line(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var e = record.Entry;
        var line = new StringBuilder();
        line.Append(record.Id.ToString(CultureInfo.InvariantCulture)).Append(',')
            .Append(e.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
        foreach (var field in new[] { e.Station, e.Reader, e.CardAtr, e.CardUid, e.Who, e.Action, e.Outcome.ToString(),
            e.Status.ToString(CultureInfo.InvariantCulture), e.Detail, e.What })
        {
            line.Append(',').Append(Field(field));
        }

        return line.Append("\r\n").ToString();
    }

    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
