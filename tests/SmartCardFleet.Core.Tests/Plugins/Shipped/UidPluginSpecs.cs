using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions.Plugins;

namespace SmartCardFleet.Core.Tests.Plugins.Shipped;

/// <summary>The built Uid plugin (artifacts/plugins/Uid) in the test kit's harness, on scripted part 3 storage cards.</summary>
public sealed class UidPluginSpecs() : ShippedPluginSpec("Uid")
{
    /// <summary>A MIFARE Classic 1K behind a PC/SC part 3 reader: standard 03 (ISO 14443 A part 3), card name 00 01.</summary>
    private const string MifareClassic1K = "3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A";

    [Fact]
    public async Task A_part3_storage_card_is_taken_by_its_ATR_without_a_probe()
    {
        var card = new ScriptedCardChannel(MifareClassic1K);

        Assert.Equal(new HarnessIdentification(Matched: true, Accepted: true), await Harness.IdentifyAsync(card));
        Assert.Equal(new HarnessIdentification(Matched: false, Accepted: false), await Harness.IdentifyAsync(new ScriptedCardChannel("3B 80 80 01 01")));
        Assert.Empty(card.Sent);
    }

    [Fact]
    public async Task Read_uid_sends_the_readers_GET_DATA_and_card_info_decodes_the_part3_ATR()
    {
        var card = new ScriptedCardChannel(MifareClassic1K).Expect("FF CA 00 00 00", "04 11 22 33 44 55 66 90 00");

        var uid = await Harness.RunAsync("read-uid", null, card);
        var info = await Harness.RunAsync("card-info", null, card);

        Assert.Equal(("04112233445566", 7), ((string?)uid!["uid"], (int?)uid["length"]));
        Assert.Equal(("MIFARE Classic 1K", "ISO 14443 A part 3"), ((string?)info!["cardName"], (string?)info["standard"]));
        card.VerifyAllExpectationsMet();
    }

    [Fact]
    public async Task Update_binary_writes_the_page_and_read_binary_reads_it_with_the_readers_pseudo_APDUs()
    {
        var card = new ScriptedCardChannel(MifareClassic1K)
            .Expect("FF D6 00 04 10 00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF", "90 00")
            .Expect("FF B0 00 04 00", "00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF 90 00");

        var written = await Harness.RunAsync("update-binary", new JsonObject { ["page"] = 4, ["data"] = "00112233445566778899AABBCCDDEEFF" }, card);
        var read = await Harness.RunAsync("read-binary", new JsonObject { ["page"] = 4 }, card);

        Assert.Equal(16, (int?)written!["written"]);
        Assert.Equal("00112233445566778899AABBCCDDEEFF", (string?)read!["data"]);
        card.VerifyAllExpectationsMet();
    }

    [Fact]
    public async Task Writing_the_manufacturer_block_is_refused_before_the_card_is_touched()
    {
        var card = new ScriptedCardChannel(MifareClassic1K);

        var failure = await Assert.ThrowsAsync<CardOperationException>(() =>
            Harness.RunAsync("update-binary", new JsonObject { ["page"] = 0, ["data"] = "00" }, card));

        Assert.Equal((CardOperationError.InvalidArgument, "page"), (failure.Error, failure.Argument));
        Assert.Empty(card.Sent);
    }

    [Fact]
    public async Task A_status_word_the_reader_answers_becomes_the_typed_card_error()
    {
        var card = new ScriptedCardChannel(MifareClassic1K).Expect("FF B0 00 05 00", "63 00");

        var failure = await Assert.ThrowsAsync<CardOperationException>(() => Harness.RunAsync("read-binary", new JsonObject { ["page"] = 5 }, card));

        Assert.Equal((CardOperationError.CardError, 0x6300), (failure.Error, (int?)failure.StatusWord?.Value));
    }
}
