using System.Net;
using System.Net.Http.Json;
using SmartCardFleet.Host.Simulation;
using SmartCardFleet.Host.Tests.Support;
using SmartCardFleet.Storage.Audit;

namespace SmartCardFleet.Host.Tests.Security;

/// <summary>Each role boundary over HTTP, with named tokens: 401 without a valid token, 403 naming the missing role,
/// and the audit entry of each refusal.</summary>
public sealed class RoleBoundaryTests(SecuredStation secured) : IClassFixture<SecuredStation>
{
    private static readonly object TransmitBody = new { apdu = "00A4040C08F05343464C454554" };

    [Fact]
    public async Task A_request_without_a_valid_token_is_401_with_a_challenge_and_is_audited_as_anonymous()
    {
        using var anonymous = secured.Client(null);
        using var wrong = secured.Client(SecuredStation.AdminToken + "x");
        var reader = StationUnderTest.ReaderId(0);

        var refused = await anonymous.PostAsJsonAsync($"/api/readers/{reader}/transmit", TransmitBody);
        await ProblemAssert.IsAsync(refused, HttpStatusCode.Unauthorized, "Authorization: Bearer");
        Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/readers")).StatusCode);

        var entry = await secured.Audit.WaitForAsync(e => e.Action == "reader.transmit" && e.Status == 401, "the 401 in the audit journal");
        Assert.Equal(("anonymous", AuditOutcome.Refused), (entry.Who, entry.Outcome));
        Assert.Contains(reader, entry.What, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_viewer_reads_but_cannot_transmit_and_the_403_names_the_operator_role()
    {
        using var viewer = secured.Client(SecuredStation.ViewerToken);

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/readers")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/audit")).StatusCode);
        var problem = await ProblemAssert.IsAsync(await viewer.PostAsJsonAsync($"/api/readers/{StationUnderTest.ReaderId(1)}/transmit",
            TransmitBody), HttpStatusCode.Forbidden, "Operator");

        Assert.Equal("Operator", problem["requiredRole"]!.GetValue<string>());
        Assert.Equal("Viewer", problem["role"]!.GetValue<string>());
        Assert.Equal("kiosk-viewer", problem["caller"]!.GetValue<string>());
        var entry = await secured.Audit.WaitForAsync(e => e.Who == "kiosk-viewer" && e.Status == 403, "the 403 in the audit journal");
        Assert.Equal(("reader.transmit", AuditOutcome.Refused, "Forbidden: needs Operator"), (entry.Action, entry.Outcome, entry.Detail));
    }

    [Fact]
    public async Task An_operator_transmits_but_cannot_reload_plugins_clear_quarantine_or_export_the_audit_journal()
    {
        using var operatorClient = secured.Client(SecuredStation.OperatorToken);
        secured.Station.Reader(2).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.FileSystemCard));
        await secured.Station.WaitForStateAsync(2, "Attached");

        var transmitted = await operatorClient.PostAsJsonAsync($"/api/readers/{StationUnderTest.ReaderId(2)}/transmit", TransmitBody);
        Assert.Equal(HttpStatusCode.OK, transmitted.StatusCode);
        foreach (var request in new[]
        {
            new HttpRequestMessage(HttpMethod.Post, "/api/plugins/reload"),
            new HttpRequestMessage(HttpMethod.Post, "/api/plugins/some-plugin/reload"),
            new HttpRequestMessage(HttpMethod.Delete, "/api/plugins/some-plugin/quarantine"),
            new HttpRequestMessage(HttpMethod.Get, "/api/audit/export.csv"),
        })
        {
            var problem = await ProblemAssert.IsAsync(await operatorClient.SendAsync(request), HttpStatusCode.Forbidden, "Admin");
            Assert.Equal("Admin", problem["requiredRole"]!.GetValue<string>());
            Assert.Equal("desk-operator", problem["caller"]!.GetValue<string>());
        }

        var entry = await secured.Audit.WaitForAsync(e => e.Who == "desk-operator" && e.Action == "reader.transmit", "the transmit's entry");
        Assert.Equal((AuditOutcome.Succeeded, 200, "simulated-reader-02"), (entry.Outcome, entry.Status, entry.Reader));
    }

    [Fact]
    public async Task An_admin_reloads_plugins_and_exports_the_audit_journal()
    {
        using var admin = secured.Client(SecuredStation.AdminToken);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/plugins/reload", null)).StatusCode);
        var export = await admin.GetAsync("/api/audit/export.csv");

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.StartsWith("id,time,station", await export.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var reload = await secured.Audit.WaitForAsync(e => e.Action == "plugin.reload" && e.Who == "fleet-admin", "the reload's entry");
        Assert.Equal(AuditOutcome.Succeeded, reload.Outcome);
    }

    [Fact]
    public async Task The_dashboard_login_takes_a_named_token_and_its_cookie_carries_that_role()
    {
        using var handler = new HttpClientHandler { UseCookies = true };
        using var browser = new HttpClient(handler) { BaseAddress = secured.Station.BaseAddress };

        var refused = await browser.PostAsJsonAsync("/api/session", new { token = "not-a-token-of-this-station" });
        await ProblemAssert.IsAsync(refused, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostAsJsonAsync("/api/session", new { token = SecuredStation.ViewerToken })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/readers")).StatusCode);
        await ProblemAssert.IsAsync(await browser.PostAsJsonAsync($"/api/readers/{StationUnderTest.ReaderId(3)}/attach", new { }),
            HttpStatusCode.Forbidden, "Operator");
        var login = await secured.Audit.WaitForAsync(e => e.Action == "session.login" && e.Who == "kiosk-viewer", "the login's entry");
        Assert.Equal(AuditOutcome.Succeeded, login.Outcome);
        var failed = await secured.Audit.WaitForAsync(e => e.Action == "session.login" && e.Status == 401, "the refused login's entry");
        Assert.Equal("anonymous", failed.Who);
    }
}
