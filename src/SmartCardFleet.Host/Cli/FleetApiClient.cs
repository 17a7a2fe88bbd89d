using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SmartCardFleet.Host.Cli;

/// <summary>Thin HTTP client of a running host's API. Every call yields the JSON body or a <see cref="CliFailure"/>
/// carrying the exit code and a message fit for a terminal.</summary>
public sealed class FleetApiClient : IDisposable
{
    /// <summary>The problem reason of a reader whose station the answering node cannot reach (503).</summary>
    private const string StationUnreachable = "StationUnreachable";

    private readonly HttpClient _http;

    public FleetApiClient(Uri baseUrl, string? token, TimeSpan? timeout = null)
    {
        BaseUrl = baseUrl;
        _http = new HttpClient { BaseAddress = baseUrl, Timeout = timeout ?? TimeSpan.FromSeconds(100) };
        if (!string.IsNullOrEmpty(token))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    public Uri BaseUrl { get; }

    public Task<JsonNode?> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    public Task<JsonNode?> PostAsync(string path, object body, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) }, cancellationToken);

    public Task<JsonNode?> DeleteAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Delete, path), cancellationToken);

    /// <summary>Opens a text answer (a CSV export) as a stream; the caller reads it to its end.</summary>
    public async Task<Stream> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var response = await SendRawAsync(new HttpRequestMessage(HttpMethod.Get, path), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await FailureFromAsync(response, cancellationToken);
        }

        return await response.Content.ReadAsStreamAsync(cancellationToken);
    }

    /// <summary>Opens the event stream; the caller reads lines until the stream ends.</summary>
    public async Task<Stream> OpenEventStreamAsync(CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await SendRawAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await FailureFromAsync(response, cancellationToken);
        }

        return await response.Content.ReadAsStreamAsync(cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private async Task<JsonNode?> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await FailureFromAsync(response, cancellationToken);
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, HttpCompletionOption completion,
        CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new CliFailure(ExitCodes.HostUnreachable,
                $"no SmartCardFleet host answers at {BaseUrl} ({e.Message}). Start one with `fleet run` (or `fleet run --simulate 8`), " +
                "or point --url / FLEET_URL at it.");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliFailure(ExitCodes.HostUnreachable, $"the host at {BaseUrl} did not answer within {_http.Timeout.TotalSeconds:0} s");
        }
    }

    private static async Task<CliFailure> FailureFromAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonObject? problem = null;
        try
        {
            problem = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's page, say): the text itself is the detail.
        }

        var detail = problem is null ? text : CliCommand.Text(problem, "detail");
        var code = (int)response.StatusCode;
        var message = $"{code} {CliCommand.Text(problem, "title") ?? response.ReasonPhrase}: {detail ?? "(no detail)"}";
        if (code == 401)
        {
            message += " — pass the token with --token or FLEET_TOKEN";
        }

        if (CliCommand.Text(problem, "reason") == StationUnreachable)
        {
            var station = CliCommand.Text(problem, "station");
            message += $" — {(station is null ? "the reader's station" : $"station {station}")} is unreachable from {response.RequestMessage?.RequestUri?.Authority ?? "the host"}; " +
                "`fleet stations` shows the fleet's members and their status";
            return new CliFailure(ExitCodes.Unavailable, message, text);
        }

        return new CliFailure(ExitCodes.Failed, message, text);
    }
}

/// <summary>A CLI command failed: <see cref="ExitCode"/> is what the process returns, <see cref="Body"/> the raw problem.</summary>
public sealed class CliFailure : Exception
{
    public CliFailure()
    {
    }

    public CliFailure(string message)
        : base(message)
    {
    }

    public CliFailure(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CliFailure(int exitCode, string message, string? body = null)
        : base(message)
    {
        ExitCode = exitCode;
        Body = body;
    }

    public int ExitCode { get; } = ExitCodes.Failed;

    public string? Body { get; }
}
