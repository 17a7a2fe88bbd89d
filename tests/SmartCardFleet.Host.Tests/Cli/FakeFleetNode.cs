using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace SmartCardFleet.Host.Tests.Cli;

/// <summary>A stand-in for a clustered node's API, for what one standalone station cannot show the CLI: other stations,
/// an unreachable one, the exact request target the CLI sent. It answers the JSON a test gives per path (the shapes of
/// the README's HTTP contract) and records every request target as it arrived, before any decoding.</summary>
internal sealed class FakeFleetNode : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _targets = new();

    private FakeFleetNode(WebApplication app) => _app = app;

    public string Url => _app.Urls.First();

    /// <summary>Each request's method and raw target ("POST /api/readers/a%2Fb/attach"), in arrival order.</summary>
    public IReadOnlyCollection<string> Requests => _targets;

    /// <summary>Answers: path (decoded, without the query) → status and JSON body; any other path is a 404 problem. In a
    /// body, "@now" and "@30s-ago" become those moments when the request arrives (as a node's lastSeen does).</summary>
    public static async Task<FakeFleetNode> StartAsync(IReadOnlyDictionary<string, (int Status, string Json)> answers)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        var node = new FakeFleetNode(app);
        app.Run(async context =>
        {
            node._targets.Enqueue($"{context.Request.Method} {context.Features.Get<IHttpRequestFeature>()!.RawTarget}");
            var (status, json) = answers.TryGetValue(context.Request.Path.Value ?? "", out var answer)
                ? answer
                : (404, """{"title":"UnknownReader","status":404,"detail":"the fake node has no answer for this path","reason":"UnknownReader"}""");
            context.Response.StatusCode = status;
            context.Response.ContentType = status >= 400 ? "application/problem+json" : "application/json";
            await context.Response.WriteAsync(json
                .Replace("@now", $"{DateTimeOffset.UtcNow:O}", StringComparison.Ordinal)
                .Replace("@30s-ago", $"{DateTimeOffset.UtcNow.AddSeconds(-30):O}", StringComparison.Ordinal));
        });
        await app.StartAsync();
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
