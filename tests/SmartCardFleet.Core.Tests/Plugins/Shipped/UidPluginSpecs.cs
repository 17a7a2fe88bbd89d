using System.Text.Json.Nodes;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Tests.Plugins.Support;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Plugins.Shipped;

public sealed class UidPluginSpecs(ITestOutputHelper output) : PluginHostSpec(output)
{
    [Fact]
    public void Read_uid_returns_the_cards_UID_and_card_info_decodes_the_part3_ATR()
    {
        Plugins.InstallShipped("Uid", "Iso7816");
        StartStation();
        var (reader, _) = InsertIdentified("Reader Storage 00", new StorageCard([0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66]));

        var uid = Completed(reader, "read-uid");
        var info = Completed(reader, "card-info");

        Assert.Equal("04112233445566", (string?)uid["uid"]);
        Assert.Equal(7, (int?)uid["length"]);
        Assert.Equal("MIFARE Classic 1K", (string?)info["cardName"]);
        Assert.Equal("ISO 14443 A part 3", (string?)info["standard"]);
    }

    [Fact]
    public void Update_binary_then_read_binary_returns_the_written_block()
    {
        var card = new StorageCard();
        Plugins.InstallShipped("Uid");
        StartStation();
        var (reader, _) = InsertIdentified("Reader Storage 00", card);

        var written = Completed(reader, "update-binary", new JsonObject { ["page"] = 4, ["data"] = "00112233445566778899AABBCCDDEEFF" });
        var read = Completed(reader, "read-binary", new JsonObject { ["page"] = 4 });

        Assert.Equal(16, (int?)written["written"]);
        Assert.Equal("00112233445566778899AABBCCDDEEFF", (string?)read["data"]);
        Assert.Equal(Convert.FromHexString("00112233445566778899AABBCCDDEEFF"), card.ReadBlock(4));
    }

    [Fact]
    public void Writing_the_manufacturer_block_fails_with_the_cards_status_word()
    {
        Plugins.InstallShipped("Uid");
        StartStation();
        var (reader, _) = InsertIdentified("Reader Storage 00", new StorageCard());

        var failure = Failed(reader, "update-binary", new JsonObject { ["page"] = 0, ["data"] = "00" });

        Assert.Equal(OperationFailureReason.InvalidArgument, failure.Reason);
        Assert.Contains("page", failure.Message, StringComparison.Ordinal);
    }
}
