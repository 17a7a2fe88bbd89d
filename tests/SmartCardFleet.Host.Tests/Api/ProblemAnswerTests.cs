using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Api;

/// <summary>Issue 10, defects 5 and 10: every error status is problem+json with a title and a useful detail, and a
/// client's mistake is not logged as a server error.</summary>
public sealed class ProblemAnswerTests(SharedStation shared) : IClassFixture<SharedStation>
{
    private readonly StationUnderTest _station = shared.Station;

    [Fact]
    public async Task An_unmatched_route_is_404_with_a_detail_naming_the_path()
    {
        var problem = await ProblemAssert.IsAsync(await _station.Http.GetAsync("/api/nothing-here"), HttpStatusCode.NotFound, "/api/nothing-here");

        Assert.False(string.IsNullOrWhiteSpace(problem["title"]?.GetValue<string>()));
    }

    [Fact]
    public async Task A_wrong_method_is_405_with_a_detail_naming_the_allowed_ones()
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/api/readers");

        await ProblemAssert.IsAsync(await _station.Http.SendAsync(request), HttpStatusCode.MethodNotAllowed, "GET");
    }

    [Fact]
    public async Task A_body_without_a_json_content_type_is_415_titled_as_such()
    {
        using var content = new StringContent("{\"apdu\":\"00A40400\"}", Encoding.UTF8);
        content.Headers.ContentType = null;

        var problem = await ProblemAssert.IsAsync(
            await _station.Http.PostAsync($"/api/readers/{StationUnderTest.ReaderId(0)}/transmit", content),
            HttpStatusCode.UnsupportedMediaType, "application/json");

        Assert.Equal("Unsupported Media Type", problem["title"]?.GetValue<string>());
    }

    [Fact]
    public async Task An_overlong_request_target_is_414_problem_json()
    {
        var response = await _station.Http.GetAsync("/api/readers?x=" + new string('a', 9_000));

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.RequestUriTooLong, "8192");
        Assert.Equal("URI Too Long", problem["title"]?.GetValue<string>());
    }

    [Fact]
    public async Task Overlarge_request_headers_are_431_problem_json()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/readers");
        request.Headers.Add("X-Padding", new string('h', 40_000));

        await ProblemAssert.IsAsync(await _station.Http.SendAsync(request), HttpStatusCode.RequestHeaderFieldsTooLarge, "32768");
    }

    [Fact]
    public async Task Too_many_request_headers_are_431_problem_json()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/readers");
        for (var i = 0; i < 120; i++)
        {
            request.Headers.Add($"X-H{i}", "v");
        }

        await ProblemAssert.IsAsync(await _station.Http.SendAsync(request), HttpStatusCode.RequestHeaderFieldsTooLarge, "100");
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_413_problem_json()
    {
        // A raw request that announces a body far over Kestrel's limit and sends none: the body reader refuses it at
        // once, so the answer does not race the upload.
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(_station.BaseAddress.Host, _station.BaseAddress.Port);
        await using var stream = client.GetStream();
        var head = $"POST /api/readers/{StationUnderTest.ReaderId(2)}/transmit HTTP/1.1\r\nHost: {_station.BaseAddress.Authority}\r\n" +
            "Content-Type: application/json\r\nContent-Length: 400000000\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        using var reader = new StreamReader(stream, Encoding.UTF8);

        var statusLine = await reader.ReadLineAsync();
        // Kestrel closes the connection after refusing the body ("Connection: close"), so the rest is the answer.
        var rest = await reader.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 413", statusLine, StringComparison.Ordinal);
        Assert.Contains("application/problem+json", rest, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"detail\":", rest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_with_the_reason_and_is_not_logged_as_an_error()
    {
        var lines = new ConcurrentQueue<string>();
        _station.App.Services.GetRequiredService<ILoggerFactory>().AddProvider(new CapturingLoggerProvider(lines));

        for (var i = 0; i < 5; i++)
        {
            using var content = new StringContent("{\"apdu\": ", Encoding.UTF8, "application/json");
            var problem = await ProblemAssert.IsAsync(
                await _station.Http.PostAsync($"/api/readers/{StationUnderTest.ReaderId(1)}/transmit", content), HttpStatusCode.BadRequest);
            Assert.Equal("Bad Request", problem["title"]?.GetValue<string>());
        }

        var logged = string.Join('\n', lines);
        Assert.DoesNotContain(" Error ", logged, StringComparison.Ordinal);
        Assert.DoesNotContain(" Warning ", logged, StringComparison.Ordinal);
        Assert.DoesNotContain("BadHttpRequestException", logged, StringComparison.Ordinal);
    }
}
