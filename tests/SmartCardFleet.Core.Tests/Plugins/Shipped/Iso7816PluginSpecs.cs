using System.Text;
using System.Text.Json.Nodes;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Tests.Plugins.Support;
using SmartCardFleet.VirtualCards.Cards.FileSystem;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Plugins.Shipped;

public sealed class Iso7816PluginSpecs(ITestOutputHelper output) : PluginHostSpec(output)
{
    [Fact]
    public void Select_by_aid_then_read_binary_by_sfi_returns_the_file_content()
    {
        Plugins.InstallShipped("Iso7816");
        StartStation();
        var (reader, identified) = InsertIdentified("Reader Fs 00", DefaultPersonalisation.Create());

        Completed(reader, "select", new JsonObject { ["aid"] = Convert.ToHexString(DefaultPersonalisation.ApplicationId) });
        var greeting = Completed(reader, "read-binary", new JsonObject { ["sfi"] = 1, ["length"] = DefaultPersonalisation.GreetingText.Length });

        Assert.Equal("org.smartcardfleet.iso7816", identified.PluginId);
        Assert.Equal(Convert.ToHexString(Encoding.ASCII.GetBytes(DefaultPersonalisation.GreetingText)), (string?)greeting["data"]);
    }

    [Fact]
    public void Select_by_path_read_record_and_get_data_return_the_personalised_values()
    {
        Plugins.InstallShipped("Iso7816");
        StartStation();
        var (reader, _) = InsertIdentified("Reader Fs 00", DefaultPersonalisation.Create());

        Completed(reader, "select", new JsonObject { ["path"] = "50005003" });
        var record = Completed(reader, "read-record", new JsonObject { ["record"] = 2 });
        var serial = Completed(reader, "get-data", new JsonObject { ["tag"] = "0101" });

        Assert.StartsWith(Convert.ToHexString("record 2"u8), (string?)record["data"], StringComparison.Ordinal);
        Assert.Equal(Convert.ToHexString(DefaultPersonalisation.Serial), (string?)serial["data"]);
    }

    [Fact]
    public void Select_of_a_missing_file_fails_with_the_cards_status_word()
    {
        Plugins.InstallShipped("Iso7816");
        StartStation();
        var (reader, _) = InsertIdentified("Reader Fs 00", DefaultPersonalisation.Create());

        var failure = Failed(reader, "select", new JsonObject { ["fid"] = "7777" });

        Assert.Equal(OperationFailureReason.CardError, failure.Reason);
        Assert.Contains("6A82", failure.Message, StringComparison.Ordinal);
    }
}
