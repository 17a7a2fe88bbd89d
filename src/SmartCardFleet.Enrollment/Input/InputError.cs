namespace SmartCardFleet.Enrollment.Input;

/// <summary>One thing wrong with a job's input. <see cref="Row"/> is the 1-based data row (the CSV's first line after the
/// header is row 1); null when the error is about the whole input or the CSV header. <see cref="Column"/> is the argument
/// (or "rowId") the error is about, null when it is about the whole row. The message never quotes a secret value.</summary>
public sealed record InputError(int? Row, string? Column, string Message)
{
    public override string ToString() =>
        (Row, Column) switch
        {
            (null, null) => Message,
            (null, { } column) => $"column {column}: {Message}",
            ({ } row, null) => $"row {row}: {Message}",
            ({ } row, { } column) => $"row {row}, column {column}: {Message}",
        };
}

/// <summary>Collects errors up to <see cref="MaxReported"/>; the rest are only counted, so a 10,000-row file with a
/// wrong type in every row answers with a bounded list and the true total.</summary>
public sealed class InputErrors
{
    /// <summary>How many errors one answer lists.</summary>
    public const int MaxReported = 100;

    private readonly List<InputError> _errors = [];

    public IReadOnlyList<InputError> Reported => _errors;

    /// <summary>Every error found, including those not listed.</summary>
    public int Total { get; private set; }

    public bool Any => Total > 0;

    public void Add(int? row, string? column, string message)
    {
        Total++;
        if (_errors.Count < MaxReported)
        {
            _errors.Add(new InputError(row, column, message));
        }
    }

    /// <summary>One line for logs and problem details: the first error and how many there are.</summary>
    public string Summary() =>
        Total switch
        {
            0 => "no errors",
            1 => _errors[0].ToString(),
            _ => $"{Total} errors in the input (the first: {_errors[0]})",
        };
}
