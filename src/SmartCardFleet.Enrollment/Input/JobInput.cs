using System.Globalization;
using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions.Text;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Enrollment.Jobs;

namespace SmartCardFleet.Enrollment.Input;

/// <summary>One row as a client sent it in JSON: an optional id and the arguments (null: none).</summary>
public sealed record InputRow(string? RowId, JsonObject? Arguments);

/// <summary>The validated rows, or the errors (then <see cref="Rows"/> is empty: nothing may start from a bad input).</summary>
public sealed record JobInputResult(IReadOnlyList<JobRow> Rows, InputErrors Errors)
{
    public bool IsValid => !Errors.Any;
}

/// <summary>
/// Turns a client's input into a job's rows, checked against the operation's descriptor before anything starts:
/// JSON rows, CSV text (header: the argument names and an optional <see cref="RowIds.Column"/> column), or one set of
/// arguments for N cards. Every error names its row and column (<see cref="InputError"/>); all of them are reported up
/// to <see cref="InputErrors.MaxReported"/>. Bounds: <see cref="JobDefinition.MaxRows"/> rows,
/// <see cref="ArgumentValues.MaxValueLength"/> characters per value, <see cref="MaxRowLength"/> per row (as JSON).
/// </summary>
public static class JobInput
{
    /// <summary>Characters of one row's arguments as compact JSON: the job's definition is one journal event, and the
    /// engine refuses a longer row.</summary>
    public const int MaxRowLength = 8 * 1024;

    /// <summary>Columns kept of one CSV record (an operation has far fewer arguments; the rest are only counted).</summary>
    private const int MaxColumns = 256;

    public static JobInputResult FromRows(OperationInfo operation, IReadOnlyList<InputRow?>? rows)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var builder = new RowBuilder(operation);
        if (rows is null || rows.Count == 0)
        {
            return builder.Fail("no rows: give at least one row of arguments");
        }

        if (rows.Count > JobDefinition.MaxRows)
        {
            return builder.Fail($"{rows.Count} rows; a job holds at most {JobDefinition.MaxRows}");
        }

        for (var i = 0; i < rows.Count; i++)
        {
            builder.AddJsonRow(i + 1, rows[i]?.RowId, rows[i]?.Arguments);
        }

        return builder.Result();
    }

    public static JobInputResult FromCsv(OperationInfo operation, string? csv)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var builder = new RowBuilder(operation);
        var records = CsvRecords.Read(csv ?? "", JobDefinition.MaxRows + 1, MaxColumns, builder.Errors, out var more);
        if (records.Count == 0)
        {
            return builder.Fail($"the CSV is empty: its first line names the columns ({builder.ColumnHint}), one row per card follows");
        }

        if (more)
        {
            return builder.Fail($"more than {JobDefinition.MaxRows} rows; a job holds at most {JobDefinition.MaxRows}");
        }

        if (records.Count == 1)
        {
            builder.Errors.Add(null, null, "the CSV has a header but no rows: one row per card follows the header line");
        }

        var columns = builder.Header(records[0]);
        for (var i = 1; i < records.Count; i++)
        {
            builder.AddCsvRow(i, columns, records[0].FieldCount, records[i]);
        }

        return builder.Result();
    }

    /// <summary>The same arguments for <paramref name="count"/> cards; the rows are numbered 1..count.</summary>
    public static JobInputResult FromCount(OperationInfo operation, int count, JsonObject? arguments)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var builder = new RowBuilder(operation);
        if (count is < 1 or > JobDefinition.MaxRows)
        {
            builder.Errors.Add(null, "count", $"count {count} must be 1..{JobDefinition.MaxRows}");
            return builder.Result();
        }

        var checkedArguments = builder.Arguments(null, arguments);
        if (builder.Errors.Any)
        {
            return builder.Result();
        }

        for (var i = 1; i <= count; i++)
        {
            builder.Add(i.ToString(CultureInfo.InvariantCulture), (JsonObject)checkedArguments.DeepClone());
        }

        return builder.Result();
    }

    /// <summary>Collects rows and errors; row ids are unique across the input.</summary>
    private sealed class RowBuilder(OperationInfo operation)
    {
        private readonly Dictionary<string, OperationFieldInfo> _fields = operation.Arguments.ToDictionary(f => f.Name, StringComparer.Ordinal);
        private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
        private readonly List<JobRow> _rows = [];
        private int _rowIdColumn = -1;

        public InputErrors Errors { get; } = new();

        public string ColumnHint => operation.Arguments.Count == 0
            ? $"optionally {RowIds.Column}; operation {operation.Name} takes no arguments"
            : $"{string.Join(", ", operation.Arguments.Select(f => f.Required ? f.Name : f.Name + " (optional)"))}, optionally {RowIds.Column}";

        public JobInputResult Fail(string message)
        {
            Errors.Add(null, null, message);
            return Result();
        }

        public JobInputResult Result() => new(Errors.Any ? [] : _rows, Errors);

        public void Add(string id, JsonObject arguments) => _rows.Add(new JobRow(id, arguments));

        public void AddJsonRow(int row, string? id, JsonObject? arguments)
        {
            var checkedArguments = Arguments(row, arguments);
            AddIfValid(row, id, checkedArguments);
        }

        /// <summary>Checks one set of JSON arguments: declared names only, each of its type, the required ones present.</summary>
        public JsonObject Arguments(int? row, JsonObject? arguments)
        {
            var result = new JsonObject();
            var given = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (name, value) in arguments ?? [])
            {
                if (!_fields.TryGetValue(name, out var field))
                {
                    Errors.Add(row, Bounded.Echo(name), $"operation {operation.Name} has no argument {Bounded.Echo(name)}; it takes {ColumnHint}");
                    continue;
                }

                if (value is null)
                {
                    continue;
                }

                given.Add(name);
                if (ArgumentValues.TryFromJson(field, value, out var converted, out var problem))
                {
                    result[name] = converted;
                }
                else
                {
                    Errors.Add(row, name, problem!);
                }
            }

            CheckRequired(row, given, _fields.Values);
            CheckLength(row, result);
            return result;
        }

        /// <summary>Which field each CSV column is (null: the row id); unknown, repeated and missing columns are errors.</summary>
        public OperationFieldInfo?[] Header(CsvRecord header)
        {
            var columns = new OperationFieldInfo?[header.Fields.Count];
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Fields.Count; i++)
            {
                var name = header.Fields[i];
                if (!seen.Add(name))
                {
                    Errors.Add(null, Bounded.Echo(name), "the column appears twice in the header");
                }
                else if (name == RowIds.Column)
                {
                    _rowIdColumn = i;
                }
                else if (!_fields.TryGetValue(name, out columns[i]))
                {
                    Errors.Add(null, Bounded.Echo(name),
                        name.Length == 0 ? $"a header column has no name; the columns are {ColumnHint}"
                            : $"unknown column: operation {operation.Name} has no argument {Bounded.Echo(name)}; the columns are {ColumnHint}");
                }
            }

            if (header.FieldCount > header.Fields.Count)
            {
                Errors.Add(null, null, $"the header has {header.FieldCount} columns; at most {MaxColumns} are read");
            }

            foreach (var missing in operation.Arguments.Where(f => f.Required && !seen.Contains(f.Name)))
            {
                Errors.Add(null, missing.Name, $"the required column {missing.Name} ({missing.Type}) is missing from the header");
            }

            return columns;
        }

        public void AddCsvRow(int row, OperationFieldInfo?[] columns, int headerCount, CsvRecord record)
        {
            if (record.FieldCount != headerCount)
            {
                Errors.Add(row, null, $"line {record.Line} has {record.FieldCount} values; the header names {headerCount} columns");
                return;
            }

            string? id = null;
            var arguments = new JsonObject();
            var given = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < columns.Length; i++)
            {
                var text = record.Fields[i];
                if (i == _rowIdColumn)
                {
                    id = text.Length == 0 ? null : text;
                    continue;
                }

                if (columns[i] is not { } field || text.Length == 0)
                {
                    continue;
                }

                given.Add(field.Name);
                if (ArgumentValues.TryFromText(field, text, out var converted, out var problem))
                {
                    arguments[field.Name] = converted;
                }
                else
                {
                    Errors.Add(row, field.Name, problem!);
                }
            }

            CheckRequired(row, given, columns.OfType<OperationFieldInfo>());
            CheckLength(row, arguments);
            AddIfValid(row, id, arguments);
        }

        /// <summary>A required argument given with a wrong value has its own error already.</summary>
        private void CheckRequired(int? row, HashSet<string> given, IEnumerable<OperationFieldInfo> fields)
        {
            foreach (var field in fields.Where(f => f.Required && !given.Contains(f.Name)))
            {
                Errors.Add(row, field.Name, $"the required argument {field.Name} ({field.Type}) has no value");
            }
        }

        private void CheckLength(int? row, JsonObject arguments)
        {
            var length = arguments.ToJsonString().Length;
            if (length > MaxRowLength)
            {
                Errors.Add(row, null, $"the row's arguments are {length} characters as JSON; at most {MaxRowLength} are allowed");
            }
        }

        private void AddIfValid(int row, string? explicitId, JsonObject arguments)
        {
            var id = explicitId ?? row.ToString(CultureInfo.InvariantCulture);
            if (!RowIds.IsValid(id))
            {
                Errors.Add(row, RowIds.Column, $"row id \"{Bounded.Echo(id)}\" is not {RowIds.Rule}");
                return;
            }

            if (!_ids.Add(id))
            {
                Errors.Add(row, RowIds.Column, $"row id \"{id}\" is used by an earlier row; row ids must be unique");
                return;
            }

            if (!Errors.Any)
            {
                Add(id, arguments);
            }
        }
    }
}
