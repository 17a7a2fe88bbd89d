using System.Text.Json.Nodes;
using SmartCardFleet.Enrollment.Input;

namespace SmartCardFleet.Host.Api;

/// <summary>POST /api/jobs: which operation, which readers, and exactly one input — <see cref="Rows"/>, <see cref="Csv"/>
/// (the text of a CSV file whose header names the arguments) or <see cref="Count"/> cards with the same
/// <see cref="Arguments"/>.</summary>
public sealed record CreateJobRequest(string? Name, string? Plugin, string? Operation, JobReadersRequest? Readers, JobRetryRequest? Retry,
    IReadOnlyList<InputRow?>? Rows, string? Csv, int? Count, JsonObject? Arguments);

/// <summary>The readers a job takes cards from: this station's (a job runs where its readers are), optionally only those
/// whose id matches <see cref="Pattern"/> ('*' any run, '?' one character).</summary>
public sealed record JobReadersRequest(string? Station, string? Pattern);

/// <summary>How many attempts (each on its own card) a row gets before it is failed for good.</summary>
public sealed record JobRetryRequest(int? MaxAttempts);

/// <summary>POST /api/jobs/{id}/rows/{rowId}/decision: "Done" or "RunAgain" for a row in doubt.</summary>
public sealed record RowDecisionRequest(string? Decision);
