using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using SmartCardFleet.Host.Station;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Api;

/// <summary>What a browser on the kiosk is told: no framing, no sniffing, no referrer, scripts only from the station, and
/// a token cookie that page scripts cannot read.</summary>
public sealed class BrowserSecurityTests
{
    private const string Token = StationUnderTest.TestToken;

    [Theory]
    [InlineData("/")]
    [InlineData("/dashboard.js")]
    [InlineData("/api/readers/no-such-reader")]
    public async Task Every_answer_carries_the_browser_protection_headers(string path)
    {
        await using var station = await StationUnderTest.StartAsync(readers: 1);

        using var response = await station.Http.GetAsync(path);

        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task A_session_with_the_right_token_sets_an_HttpOnly_SameSite_Strict_cookie_that_opens_the_api()
    {
        // Characters a cookie value cannot hold as they are: the cookie must still carry this exact token.
        const string token = "odd; token=with %2B, spaces+and/slashes";
        await using var station = await StationUnderTest.StartAsync(readers: 1,
            overrides: new Dictionary<string, string?> { ["Http:ApiToken"] = token });

        using var session = await station.Http.PostAsJsonAsync("/api/session", new { token });

        Assert.Equal(HttpStatusCode.NoContent, session.StatusCode);
        var cookie = Assert.Single(session.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("fleet_token=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
        using var withCookie = new HttpRequestMessage(HttpMethod.Get, "/api/readers");
        withCookie.Headers.Add("Cookie", cookie.Split(';')[0]);
        Assert.Equal(HttpStatusCode.OK, (await station.Http.SendAsync(withCookie)).StatusCode);
    }

    [Fact]
    public async Task A_session_with_a_wrong_token_is_refused_and_sets_no_cookie()
    {
        await using var station = await StationUnderTest.StartAsync(readers: 1,
            overrides: new Dictionary<string, string?> { ["Http:ApiToken"] = Token });

        using var session = await station.Http.PostAsJsonAsync("/api/session", new { token = Token + "x" });

        await ProblemAssert.IsAsync(session, HttpStatusCode.Unauthorized, "Http:ApiToken");
        Assert.False(session.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Over_https_the_session_cookie_is_Secure()
    {
        var certificate = await WriteSelfSignedCertificateAsync();
        await using var app = StationHost.Build(new StationLaunch
        {
            SimulateReaders = 1,
            Urls = ["http://127.0.0.1:0"],
            Overrides = new Dictionary<string, string?>
            {
                ["Http:ApiToken"] = Token,
                ["Kestrel:Endpoints:Tls:Url"] = "https://127.0.0.1:0",
                ["Kestrel:Endpoints:Tls:Certificate:Path"] = certificate,
                ["Logging:LogLevel:Default"] = "Warning",
            },
        });
        await app.StartAsync();
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var https = new HttpClient(handler) { BaseAddress = new Uri(app.Urls.Single(u => u.StartsWith("https", StringComparison.Ordinal))) };

        using var session = await https.PostAsJsonAsync("/api/session", new { token = Token });

        Assert.Equal(HttpStatusCode.NoContent, session.StatusCode);
        Assert.Contains("secure", Assert.Single(session.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);
        await app.StopAsync();
    }

    [Fact]
    public async Task The_OpenAPI_document_declares_the_bearer_scheme()
    {
        await using var station = await StationUnderTest.StartAsync(readers: 1);

        var document = JsonNode.Parse(await station.Http.GetStringAsync("/openapi/v1.json"))!;

        var bearer = document["components"]?["securitySchemes"]?["bearer"];
        Assert.NotNull(bearer);
        Assert.Equal("http", bearer["type"]!.GetValue<string>());
        Assert.Equal("bearer", bearer["scheme"]!.GetValue<string>());
        Assert.Contains(document["security"]!.AsArray(), requirement => requirement?["bearer"] is not null);
    }

    private static async Task<string> WriteSelfSignedCertificateAsync()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var path = Path.Combine(Directory.CreateTempSubdirectory("fleet-tls-").FullName, "station.pfx");
        await File.WriteAllBytesAsync(path, certificate.Export(X509ContentType.Pfx));
        return path;
    }
}
