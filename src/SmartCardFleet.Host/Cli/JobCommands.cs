using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmartCardFleet.Enrollment.Jobs;
using SmartCardFleet.Host.Api;

namespace SmartCardFleet.Host.Cli;

/// <summary>fleet jobs create|list|show|pause|resume|cancel|decide|delete: enrollment jobs on the station at --url (jobs run on
/// the station that owns the readers). Tables for people (<see cref="JobTables"/>), --json for scripts.</summary>
public static class JobCommands
{
    public static Command Create()
    {
        var command = new Command("jobs", "Enrollment jobs: one plugin operation per card, one row of arguments per card")
        {
            CreateJob(), List(), Show(), Control("pause", "Stop starting new rows (a row in flight finishes)"),
            Control("resume", "Take cards again"), Control("cancel", "End the job for good; rows done stay done"), Decide(), Delete(),
        };
        return command;
    }

    private static Command CreateJob()
    {
        var plugin = new Option<string>("--plugin") { Description = "The plugin id whose cards the job takes (see `fleet plugins`)", Required = true };
        var operation = new Option<string>("--operation") { Description = "The plugin operation run on each card", Required = true };
        var name = new Option<string?>("--name") { Description = "A label for the job" };
        var readers = new Option<string?>("--readers") { Description = "Only readers whose id matches this pattern ('*' any run, '?' one character)" };
        var station = new Option<string?>("--station") { Description = "The station the job runs on (must be the station at --url)" };
        var retries = new Option<int?>("--retries") { Description = $"How many more cards a failed row may try (default {RetryPolicy.Default.MaxAttempts - 1})" };
        var csv = new Option<FileInfo?>("--csv") { Description = "A CSV file: a header naming the operation's arguments (and optionally rowId), one row per card" };
        var rows = new Option<FileInfo?>("--rows") { Description = "A JSON file: [{\"rowId\": ..., \"arguments\": {...}}, ...]" };
        var count = new Option<int?>("--count") { Description = "Run the same --args on this many cards" };
        var args = new Option<string?>("--args") { Description = "The arguments for --count, as a JSON object" };
        var command = new Command("create", "Create and start a job; exactly one of --csv, --rows or --count with --args")
        {
            plugin, operation, name, readers, station, retries, csv, rows, count, args,
        };
        command.SetClientAction(async (parse, ct) =>
        {
            var body = new JsonObject
            {
                ["name"] = parse.GetValue(name), ["plugin"] = parse.GetValue(plugin), ["operation"] = parse.GetValue(operation),
                ["readers"] = new JsonObject { ["station"] = parse.GetValue(station), ["pattern"] = parse.GetValue(readers) },
            };
            if (parse.GetValue(retries) is { } more)
            {
                body["retry"] = new JsonObject { ["maxAttempts"] = more + 1 };
            }

            AddInput(body, parse.GetValue(csv), parse.GetValue(rows), parse.GetValue(count), parse.GetValue(args));
            using var client = GlobalOptions.Client(parse);
            var view = await WithInputErrorsAsync(() => client.PostAsync("/api/jobs", body, ct));
            return await JobTables.PrintViewAsync(parse, view, created: true);
        });
        return command;
    }

    /// <summary>The one input of a job, read from its file; a file beyond the API's bound is refused here.</summary>
    private static void AddInput(JsonObject body, FileInfo? csv, FileInfo? rows, int? count, string? args)
    {
        if ((csv is null ? 0 : 1) + (rows is null ? 0 : 1) + (count is null ? 0 : 1) != 1)
        {
            throw new CliFailure(ExitCodes.Usage, "give exactly one input: --csv FILE, --rows FILE.json, or --count N with --args JSON");
        }

        if (args is not null && count is null)
        {
            throw new CliFailure(ExitCodes.Usage, "--args goes with --count (the same arguments for N cards)");
        }

        if (count is { } n)
        {
            body["count"] = n;
            body["arguments"] = ParseJson(args ?? "{}", "--args") as JsonObject
                ?? throw new CliFailure(ExitCodes.Usage, "--args must be a JSON object, e.g. '{\"text\": \"hello\"}'");
            return;
        }

        var file = csv ?? rows!;
        var text = ReadFile(file, csv is not null ? "--csv" : "--rows");
        if (csv is not null)
        {
            body["csv"] = text;
            return;
        }

        body["rows"] = ParseJson(text, "--rows") as JsonArray
            ?? throw new CliFailure(ExitCodes.Usage, $"--rows {file.Name} must hold a JSON array of {{\"rowId\": ..., \"arguments\": {{...}}}}");
    }

    private static string ReadFile(FileInfo file, string option)
    {
        if (!file.Exists)
        {
            throw new CliFailure(ExitCodes.Usage, $"{option} {file.FullName} does not exist");
        }

        if (file.Length > JobCreation.MaxBodyBytes)
        {
            throw new CliFailure(ExitCodes.Usage, $"{option} {file.FullName} has {file.Length} bytes; a job's input is at most {JobCreation.MaxBodyBytes} bytes");
        }

        return File.ReadAllText(file.FullName);
    }

    private static JsonNode? ParseJson(string text, string option)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw new CliFailure(ExitCodes.Usage, $"{option} is not valid JSON: {e.Message}");
        }
    }

    /// <summary>A refused input's row and column errors, one per line under the problem's own line.</summary>
    private static async Task<JsonNode?> WithInputErrorsAsync(Func<Task<JsonNode?>> call)
    {
        try
        {
            return await call();
        }
        catch (CliFailure failure) when (failure.Body is { } body && TryErrors(body) is { Count: > 0 } errors)
        {
            throw new CliFailure(failure.ExitCode, failure.Message + Environment.NewLine + string.Join(Environment.NewLine, errors), body);
        }
    }

    private static List<string>? TryErrors(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["errors"]?.AsArray().Select(e =>
                "  " + (e?["row"] is { } row ? $"row {row}" : "header") + (e?["column"] is { } column ? $", column {column}" : "") +
                $": {CliCommand.Text(e, "message")}").ToList();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static Command List()
    {
        var state = new Option<string?>("--state") { Description = "Only jobs in this state: Running, Paused, Completed or Cancelled" };
        var limit = new Option<int?>("--limit") { Description = $"At most this many jobs, newest first (1..{ListJobs.MaxLimit}, default 100)" };
        var command = new Command("list", "List the jobs, newest first, with their progress") { state, limit };
        command.SetClientAction(async (parse, ct) =>
        {
            var query = JobTables.Query(("state", parse.GetValue(state)), ("limit", parse.GetValue(limit)?.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            using var client = GlobalOptions.Client(parse);
            return await JobTables.PrintListAsync(parse, await client.GetAsync("/api/jobs" + query, ct));
        });
        return command;
    }

    private static Command Show()
    {
        var id = JobId();
        var rows = new Option<string?>("--rows") { Description = "Only rows in this state: Pending, Running, Succeeded, Failed or InDoubt" };
        var offset = new Option<int?>("--offset") { Description = "Skip this many rows" };
        var limit = new Option<int?>("--limit") { Description = $"Show at most this many rows (1..{GetJob.MaxRowLimit}, default 100)" };
        var command = new Command("show", "Show a job's progress and its rows: card, reader, time, error") { id, rows, offset, limit };
        command.SetClientAction(async (parse, ct) =>
        {
            var inv = System.Globalization.CultureInfo.InvariantCulture;
            var query = JobTables.Query(("rowState", parse.GetValue(rows)), ("rowOffset", parse.GetValue(offset)?.ToString(inv)),
                ("rowLimit", parse.GetValue(limit)?.ToString(inv)));
            using var client = GlobalOptions.Client(parse);
            return await JobTables.PrintViewAsync(parse, await client.GetAsync($"/api/jobs/{Uri.EscapeDataString(parse.GetValue(id)!)}{query}", ct));
        });
        return command;
    }

    private static Command Control(string verb, string description)
    {
        var id = JobId();
        var command = new Command(verb, description) { id };
        command.SetClientAction(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            return await JobTables.PrintViewAsync(parse, await client.PostAsync($"/api/jobs/{Uri.EscapeDataString(parse.GetValue(id)!)}/{verb}", new { }, ct));
        });
        return command;
    }

    private static Command Decide()
    {
        var id = JobId();
        var row = new Argument<string>("row") { Description = "The row in doubt (its id, see `fleet jobs show ID --rows InDoubt`)" };
        var decision = new Argument<string>("decision") { Description = "done (the card was issued) or run-again (run the row on the next card)" };
        decision.AcceptOnlyFromAmong("done", "run-again");
        var command = new Command("decide", "Decide a row in doubt: done or run-again") { id, row, decision };
        command.SetClientAction(async (parse, ct) =>
        {
            var body = new { decision = parse.GetValue(decision) == "done" ? nameof(RowDecision.Done) : nameof(RowDecision.RunAgain) };
            using var client = GlobalOptions.Client(parse);
            return await JobTables.PrintViewAsync(parse, await client.PostAsync(
                $"/api/jobs/{Uri.EscapeDataString(parse.GetValue(id)!)}/rows/{Uri.EscapeDataString(parse.GetValue(row)!)}/decision", body, ct));
        });
        return command;
    }

    private static Command Delete()
    {
        var id = JobId();
        var command = new Command("delete", "Delete a completed or cancelled job; its rows' outcomes stay in the audit journal") { id };
        command.SetClientAction(async (parse, ct) =>
        {
            var jobId = parse.GetValue(id)!;
            using var client = GlobalOptions.Client(parse);
            await client.DeleteAsync($"/api/jobs/{Uri.EscapeDataString(jobId)}", ct);
            if (parse.GetValue(GlobalOptions.Json))
            {
                await CliCommand.PrintJsonAsync(parse, new JsonObject { ["jobId"] = jobId, ["deleted"] = true });
            }
            else
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync($"deleted job {jobId}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Argument<string> JobId() => new("id") { Description = "The job's id (see `fleet jobs list`)" };
}
