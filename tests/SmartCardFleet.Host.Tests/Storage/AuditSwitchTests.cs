using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SmartCardFleet.Host.Simulation;
using SmartCardFleet.Host.Tests.Support;
using SmartCardFleet.Storage.Audit;

namespace SmartCardFleet.Host.Tests.Storage;

/// <summary>Storage:Audit:Enabled: on by default (a transmit lands in the journal); off, there is no journal at all, so
/// nothing records and nothing pays for recording, while the reader still answers for what was kept.</summary>
public sealed class AuditSwitchTests
{
    [Fact]
    public async Task By_default_a_transmit_is_in_the_audit_journal()
    {
        await using var station = await StartWithCardAsync(null);

        await TransmitAsync(station);

        await Eventually.TrueAsync(async () => (await TransmitRecordsAsync(station)).Count == 1, TimeSpan.FromSeconds(10),
            "the transmit to be in the audit journal");
    }

    [Fact]
    public async Task With_the_audit_journal_disabled_nothing_records_and_the_journal_still_answers()
    {
        await using var station = await StartWithCardAsync("false");

        await TransmitAsync(station);

        Assert.Null(station.App.Services.GetService<IAuditJournal>());
        Assert.NotNull(station.App.Services.GetService<IAuditReader>());
        Assert.Empty(await TransmitRecordsAsync(station));
    }

    private static async Task<StationUnderTest> StartWithCardAsync(string? enabled)
    {
        var station = await StationUnderTest.StartAsync(readers: 1, overrides: enabled is null ? null
            : new Dictionary<string, string?> { ["Storage:Audit:Enabled"] = enabled });
        station.Reader(0).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.FileSystemCard));
        await station.WaitForStateAsync(0, "Attached");
        return station;
    }

    private static async Task TransmitAsync(StationUnderTest station)
    {
        using var response = await station.PostAsync($"/api/readers/{StationUnderTest.ReaderId(0)}/transmit", new { apdu = "00A4040000" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<JsonArray> TransmitRecordsAsync(StationUnderTest station) =>
        (await station.GetJsonAsync("/api/audit?action=reader.transmit"))["records"]!.AsArray();
}
