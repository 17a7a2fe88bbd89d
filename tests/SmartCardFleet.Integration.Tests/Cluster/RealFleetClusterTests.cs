using System.Text.Json.Nodes;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Integration.Tests.RealFleet;
using SmartCardFleet.Integration.Tests.Support;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using Xunit.Abstractions;

namespace SmartCardFleet.Integration.Tests.Cluster;

/// <summary>One `fleet run` station on the real pcscd fleet joined by a console process: a transmit and a plugin
/// operation on a real virtual card, asked of the console, run on the station's reader.</summary>
[Collection(RealFleetCollection.Name)]
public sealed class RealFleetClusterTests(RealFleetFixture fixture, ITestOutputHelper output)
{
    private const string Kiosk = "kiosk";
    private const string Ops = "ops-console";
    private static readonly byte[] Uid = [0x04, 0x13, 0x0C, 0x1A];

    [Fact]
    public async Task A_console_transmits_to_and_runs_a_plugin_operation_on_a_real_card_of_a_station_in_its_fleet()
    {
        var slot = fixture.Require().Layout.Reader(13);
        await using var card = await FleetCard.InsertAsync(fixture.Api, slot, new StorageCard(Uid));
        await using var fleet = new ProcessFleet(output);
        var kiosk = fleet.Add(FleetNodeProcess.PcscStation(Kiosk, seed: null,
            $"--Station:Plugins:Directory={RepositoryPaths.ShippedPlugins}", "--Logging:LogLevel:Default=Information"));
        var console = fleet.Add(FleetNodeProcess.Console(Ops, kiosk, "--Logging:LogLevel:Default=Information"));
        kiosk.Start();
        console.Start();
        await fleet.UntilAllUpAsync(console, ProcessFleet.StartDeadline, Kiosk, Ops);

        var fleetId = $"{Kiosk}.{ReaderId.FromReaderName(slot.ReaderName).Value}";
        var listed = await Poll.UntilAsync($"{Ops} lists {fleetId} identified by the Uid plugin", ProcessFleet.StartDeadline,
            () => ProcessFleet.ReadersAsync(console), rs => rs.Any(r => IsIdentified(r, fleetId)), ProcessFleet.Describe, fleet.Diagnostics);
        Assert.Equal(16, listed.Count(r => (string?)r["station"] == Kiosk));

        var transmit = (await ApiAnswer.PostAsync(console.Http, $"/api/readers/{fleetId}/transmit", new { apdu = "FFCA000000" }))
            .Json($"transmit to {fleetId} through {Ops}");
        Assert.Equal(Convert.ToHexString(Uid), (string?)transmit["response"]);
        Assert.Equal("9000", (string?)transmit["sw"]);
        var operation = (await ApiAnswer.PostAsync(console.Http, $"/api/readers/{fleetId}/operations/read-uid", new { }))
            .Json($"read-uid on {fleetId} through {Ops}");
        Assert.Equal(Convert.ToHexString(Uid), (string?)operation["result"]!["uid"]);
    }

    private static bool IsIdentified(JsonNode reader, string fleetId) =>
        (string?)reader["id"] == fleetId && (string?)reader["plugin"] == "org.smartcardfleet.uid";
}
