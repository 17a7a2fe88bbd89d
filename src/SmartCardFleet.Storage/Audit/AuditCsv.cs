using System.Globalization;
using System.Text;

namespace SmartCardFleet.Storage.Audit;

/// <summary>
/// Audit records as CSV (RFC 4180: comma-separated, CRLF line ends, a field with a comma, quote, CR or LF in double quotes
/// with its quotes doubled), one header line first. A text cell that a spreadsheet would run as a formula (it starts
/// with =, +, -, @, a tab or a CR) gets a leading apostrophe, so opening an export cannot execute what a caller typed.
/// </summary>
public static class AuditCsv
{
    public const string Header = "id,time,station,reader,card_atr,card_uid,who,action,what,outcome,status,detail";

    /// <summary>Writes the header and every record of <paramref name="records"/>; returns the number of records written.</summary>
    public static async Task<long> WriteAsync(TextWriter writer, IAsyncEnumerable<AuditRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(records);
        await writer.WriteAsync(Header + "\r\n");
        long count = 0;
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            await writer.WriteAsync(Line(record));
            count++;
        }

        return count;
    }

    /// <summary>One record as a CSV line, CRLF included.</summary>
    public static string Line(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var e = record.Entry;
        var line = new StringBuilder();
        line.Append(record.Id.ToString(CultureInfo.InvariantCulture))
            .Append(',').Append(e.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        foreach (var text in (ReadOnlySpan<string?>)[e.Station, e.Reader, e.CardAtr, e.CardUid, e.Who, e.Action, e.What, e.Outcome.ToString()])
        {
            line.Append(',').Append(Cell(text));
        }

        line.Append(',').Append(e.Status.ToString(CultureInfo.InvariantCulture)).Append(',').Append(Cell(e.Detail)).Append("\r\n");
        return line.ToString();
    }

    /// <summary>A text value as one CSV field: formula guard first, then RFC 4180 quoting when needed.</summary>
    public static string Cell(string? value)
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
