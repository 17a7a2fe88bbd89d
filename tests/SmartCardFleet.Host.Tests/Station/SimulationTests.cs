using SmartCardFleet.Host.Simulation;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Station;

public sealed class SimulationTests
{
    [Fact]
    public async Task A_seeded_simulated_fleet_fills_readers_with_every_shipped_card_type_and_each_is_identified_by_its_plugin()
    {
        await using var station = await StationUnderTest.StartAsync(readers: 8, overrides: new Dictionary<string, string?>
        {
            ["Station:Simulation:FillAtStart"] = "true",
            ["Station:Simulation:Seed"] = "20261126",
            ["Station:Plugins:Directory"] = RepositoryPaths.ShippedPlugins,
        });

        var pluginByCardType = await Eventually.GetAsync(async () =>
        {
            var readers = (await station.GetJsonAsync("/api/readers"))["readers"]!.AsArray();
            var identified = new Dictionary<string, string>();
            foreach (var reader in readers)
            {
                var name = reader!["name"]!.GetValue<string>();
                var plugin = reader["plugin"]?.GetValue<string>();
                if (station.Pcsc.GetReader(name).Card is { } card && plugin is not null)
                {
                    identified[card.CardType] = plugin;
                }
            }

            return identified.Count == VirtualCardCatalog.Types.Count ? identified : null;
        }, TimeSpan.FromSeconds(20), "every inserted card type to be identified by a plugin");

        Assert.Equal(VirtualCardCatalog.Types.Count, pluginByCardType.Values.Distinct().Count());
        Assert.Contains("iso7816", pluginByCardType[VirtualCardCatalog.FileSystemCard], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("ndef", pluginByCardType[VirtualCardCatalog.NfcTag], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("openpgp", pluginByCardType[VirtualCardCatalog.OpenPgpCard], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("uid", pluginByCardType[VirtualCardCatalog.StorageCard], StringComparison.OrdinalIgnoreCase);
    }
}
