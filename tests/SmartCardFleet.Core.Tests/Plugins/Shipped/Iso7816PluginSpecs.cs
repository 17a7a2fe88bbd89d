using System.Text;
using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions.Plugins;
using SmartCardFleet.VirtualCards.Cards;
using SmartCardFleet.VirtualCards.Cards.FileSystem;

namespace SmartCardFleet.Core.Tests.Plugins.Shipped;

/// <summary>The built Iso7816 plugin in the test kit's harness, on the emulated ISO 7816-4 file-system card.</summary>
public sealed class Iso7816PluginSpecs() : ShippedPluginSpec("Iso7816")
{
    private readonly VirtualCardChannel _card = new(DefaultPersonalisation.Create());

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Assert.True((await Harness.IdentifyAsync(_card)).Accepted);
    }

    [Fact]
    public async Task Select_by_aid_then_read_binary_by_sfi_returns_the_file_content()
    {
        await Harness.RunAsync("select", new JsonObject { ["aid"] = Convert.ToHexString(DefaultPersonalisation.ApplicationId) }, _card);
        var greeting = await Harness.RunAsync("read-binary", new JsonObject { ["sfi"] = 1, ["length"] = DefaultPersonalisation.GreetingText.Length }, _card);

        Assert.Equal(Convert.ToHexString(Encoding.ASCII.GetBytes(DefaultPersonalisation.GreetingText)), (string?)greeting!["data"]);
    }

    [Fact]
    public async Task Select_by_path_read_record_and_get_data_return_the_personalised_values()
    {
        await Harness.RunAsync("select", new JsonObject { ["path"] = "50005003" }, _card);
        var record = await Harness.RunAsync("read-record", new JsonObject { ["record"] = 2 }, _card);
        var serial = await Harness.RunAsync("get-data", new JsonObject { ["tag"] = "0101" }, _card);

        Assert.StartsWith(Convert.ToHexString("record 2"u8), (string?)record!["data"], StringComparison.Ordinal);
        Assert.Equal(Convert.ToHexString(DefaultPersonalisation.Serial), (string?)serial!["data"]);
    }

    [Fact]
    public async Task Select_of_a_missing_file_fails_with_the_cards_status_word()
    {
        var failure = await Assert.ThrowsAsync<CardOperationException>(() => Harness.RunAsync("select", new JsonObject { ["fid"] = "7777" }, _card));

        Assert.Equal((CardOperationError.CardError, 0x6A82), (failure.Error, (int?)failure.StatusWord?.Value));
    }
}
