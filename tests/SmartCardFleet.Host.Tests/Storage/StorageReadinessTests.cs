using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using SmartCardFleet.Host.Tests.Support;
using SmartCardFleet.Testing;

namespace SmartCardFleet.Host.Tests.Storage;

/// <summary>/readyz reports the database beside PC/SC, and a failing database does not take the station out of
/// service: its readers still answer (NodeReadiness says why).</summary>
public sealed class StorageReadinessTests
{
    [Fact]
    public async Task A_station_on_its_SQLite_file_reports_storage_healthy()
    {
        await using var station = await StationUnderTest.StartAsync(readers: 1);

        var ready = await ReadyzAsync(station, "Healthy");

        Assert.True(ready["ready"]!.GetValue<bool>());
        Assert.Null(ready["storage"]!["reason"]);
    }

    [Fact]
    public async Task A_database_that_cannot_be_reached_is_reported_failing_with_its_reason_while_the_station_stays_ready_and_serves_readers()
    {
        // Nothing listens on a port FreePorts just found free: PostgreSQL is refused at once, as when the server is down.
        var port = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        await using var station = await StationUnderTest.StartAsync(readers: 1, overrides: new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "PostgreSql",
            ["Storage:ConnectionString"] = $"Host=127.0.0.1;Port={port};Database=fleet;Username=fleet;Password=not-shown;Timeout=2",
        });

        var ready = await ReadyzAsync(station, "Failing");

        Assert.True(ready["ready"]!.GetValue<bool>());
        var reason = ready["storage"]!["reason"]!.GetValue<string>();
        Assert.Contains(port, reason, StringComparison.Ordinal);
        Assert.DoesNotContain("not-shown", reason, StringComparison.Ordinal);
        station.Reader(0).Insert(SmartCardFleet.Host.Simulation.VirtualCardCatalog.Create(SmartCardFleet.Host.Simulation.VirtualCardCatalog.FileSystemCard));
        await station.WaitForStateAsync(0, "Attached");
        using var transmit = await station.PostAsync($"/api/readers/{StationUnderTest.ReaderId(0)}/transmit", new { apdu = "00A4040000" });
        Assert.Equal(HttpStatusCode.OK, transmit.StatusCode);
    }

    private static Task<JsonNode> ReadyzAsync(StationUnderTest station, string storageState) =>
        Eventually.GetAsync(async () =>
        {
            using var response = await station.Http.GetAsync("/readyz");
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
            return body?["storage"]?["state"]?.GetValue<string>() == storageState ? body : null;
        }, TimeSpan.FromSeconds(15), $"/readyz to report storage {storageState}");
}
