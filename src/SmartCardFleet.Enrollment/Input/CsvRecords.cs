using System.Text;
using SmartCardFleet.Abstractions.Text;

namespace SmartCardFleet.Enrollment.Input;

/// <summary>One CSV record: its fields and the line it starts on (a quoted value may span lines).</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields, int FieldCount);

/// <summary>
/// An RFC 4180 reader, written here rather than taken from a package because a job needs only its strict core and
/// must name the row of every fault: comma-separated fields, a field in double quotes may hold commas, line breaks and
/// doubled quotes (""), records end with CRLF or LF (CR alone too), a leading UTF-8 BOM is dropped, and empty lines are
/// skipped (a trailing newline is no record). A quote inside an unquoted field or text after a closing quote is an
/// error (kept literally so the rest of the file is still checked), as is a quoted field never closed.
/// Bounded: at most <paramref name="maxRecords"/> records are read (the caller learns there were more), and at most
/// <paramref name="maxFields"/> fields of a record are kept (<see cref="CsvRecord.FieldCount"/> has the true count).
/// </summary>
public static class CsvRecords
{
    public static IReadOnlyList<CsvRecord> Read(string text, int maxRecords, int maxFields, InputErrors errors, out bool more)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(errors);
        var reader = new Parser(text, maxFields, errors);
        var records = new List<CsvRecord>();
        more = false;
        while (reader.Next() is { } record)
        {
            if (records.Count == maxRecords)
            {
                more = true;
                break;
            }

            records.Add(record);
        }

        return records;
    }

    /// <summary>The parser's position; the row numbers in its errors count data rows (the header is row null).</summary>
    private sealed class Parser(string text, int maxFields, InputErrors errors)
    {
        private int _position = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        private int _line = 1;
        private int _records;
        private IReadOnlyList<string> _header = [];

        public CsvRecord? Next()
        {
            SkipEmptyLines();
            if (_position >= text.Length)
            {
                return null;
            }

            var start = _line;
            int? row = _records == 0 ? null : _records;
            var fields = new List<string>();
            var count = 0;
            var field = new StringBuilder();
            while (true)
            {
                var column = count < _header.Count ? Bounded.Echo(_header[count]) : $"#{count + 1}";
                var endOfRecord = ReadField(field, row, column);
                count++;
                if (fields.Count < maxFields)
                {
                    fields.Add(field.ToString());
                }

                field.Clear();
                if (endOfRecord)
                {
                    break;
                }
            }

            if (_records++ == 0)
            {
                _header = fields;
            }

            return new CsvRecord(start, fields, count);
        }

        private void SkipEmptyLines()
        {
            while (_position < text.Length && text[_position] is '\r' or '\n')
            {
                ConsumeLineBreak();
            }
        }

        /// <summary>Reads one field into <paramref name="field"/>; true when it ended the record (line break or end).</summary>
        private bool ReadField(StringBuilder field, int? row, string column)
        {
            if (_position < text.Length && text[_position] == '"')
            {
                return ReadQuoted(field, row, column);
            }

            return ReadToFieldEnd(field, row, column, c => c == '"',
                "a quote inside an unquoted value; enclose the whole value in quotes and double the quotes inside it");
        }

        private bool ReadQuoted(StringBuilder field, int? row, string column)
        {
            var opened = _line;
            _position++;
            while (_position < text.Length)
            {
                var c = text[_position];
                if (c == '"')
                {
                    if (_position + 1 < text.Length && text[_position + 1] == '"')
                    {
                        field.Append('"');
                        _position += 2;
                        continue;
                    }

                    _position++;
                    return AfterClosingQuote(field, row, column);
                }

                if (c == '\n' || (c == '\r' && (_position + 1 >= text.Length || text[_position + 1] != '\n')))
                {
                    _line++;
                }

                field.Append(c);
                _position++;
            }

            errors.Add(row, column, $"line {opened}: a quoted value is never closed (a missing \" before the end of the input)");
            return true;
        }

        private bool AfterClosingQuote(StringBuilder field, int? row, string column) =>
            ReadToFieldEnd(field, row, column, _ => true, "text after a closing quote; a quoted value must end at a comma or the line's end");

        /// <summary>Appends characters up to the next comma (false) or line break / end of input (true); the first
        /// character <paramref name="isOdd"/> flags is reported once with <paramref name="problem"/> and kept.</summary>
        private bool ReadToFieldEnd(StringBuilder field, int? row, string column, Func<char, bool> isOdd, string problem)
        {
            var reported = false;
            while (_position < text.Length)
            {
                var c = text[_position];
                if (c == ',')
                {
                    _position++;
                    return false;
                }

                if (c is '\r' or '\n')
                {
                    ConsumeLineBreak();
                    return true;
                }

                if (!reported && isOdd(c))
                {
                    reported = true;
                    errors.Add(row, column, $"line {_line}: {problem}");
                }

                field.Append(c);
                _position++;
            }

            return true;
        }

        private void ConsumeLineBreak()
        {
            if (text[_position] == '\r' && _position + 1 < text.Length && text[_position + 1] == '\n')
            {
                _position++;
            }

            _position++;
            _line++;
        }
    }
}
