using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions.Plugins;
using SmartCardFleet.VirtualCards.Cards;
using SmartCardFleet.VirtualCards.Cards.FileSystem;
using SmartCardFleet.VirtualCards.Cards.Nfc;

namespace SmartCardFleet.Core.Tests.Plugins.Shipped;

/// <summary>The built Ndef plugin in the test kit's harness, on emulated NFC Forum Type 4 tags.</summary>
public sealed class NdefPluginSpecs() : ShippedPluginSpec("Ndef")
{
    [Fact]
    public async Task A_tag_is_accepted_by_the_probe_of_the_NDEF_application_and_a_card_without_it_is_not()
    {
        Assert.True((await Harness.IdentifyAsync(new VirtualCardChannel(new NfcType4Tag()))).Accepted);
        Assert.Equal(new HarnessIdentification(Matched: true, Accepted: false),
            await Harness.IdentifyAsync(new VirtualCardChannel(DefaultPersonalisation.Create())));
    }

    [Fact]
    public async Task Read_ndef_decodes_the_URI_record_the_tag_was_personalised_with()
    {
        var tag = new VirtualCardChannel(new NfcType4Tag(NdefMessages.Uri("https://example.com/fleet")));

        var result = await Harness.RunAsync("read-ndef", null, tag);

        var record = Assert.Single(result!["records"]!.AsArray())!;
        Assert.Equal(("uri", "https://example.com/fleet"), ((string?)record["kind"], (string?)record["uri"]));
        Assert.True((bool?)result["writable"]);
    }

    [Fact]
    public async Task Verify_tells_whether_the_tag_holds_exactly_what_the_write_with_the_same_arguments_writes()
    {
        var card = new VirtualCardChannel(new NfcType4Tag());
        var uri = new JsonObject { ["uri"] = "https://example.org/badge/7" };
        var text = new JsonObject { ["text"] = "Ada", ["language"] = "en" };

        Assert.False((bool?)(await Harness.RunAsync("verify-ndef-uri", uri.DeepClone().AsObject(), card))!["applied"]);
        await Harness.RunAsync("write-ndef-uri", uri.DeepClone().AsObject(), card);
        Assert.True((bool?)(await Harness.RunAsync("verify-ndef-uri", uri.DeepClone().AsObject(), card))!["applied"]);
        Assert.False((bool?)(await Harness.RunAsync("verify-ndef-text", text.DeepClone().AsObject(), card))!["applied"]);

        await Harness.RunAsync("write-ndef-text", text.DeepClone().AsObject(), card);
        Assert.True((bool?)(await Harness.RunAsync("verify-ndef-text", text.DeepClone().AsObject(), card))!["applied"]);
        Assert.False((bool?)(await Harness.RunAsync("verify-ndef-text", new JsonObject { ["text"] = "Ada", ["language"] = "de" }, card))!["applied"]);
    }

    [Fact]
    public void Each_write_names_its_verify_operation()
    {
        var operations = Harness.Manifest.Operations.ToDictionary(o => o.Name);
        Assert.Equal("verify-ndef-uri", operations["write-ndef-uri"].VerifiedBy);
        Assert.Equal("verify-ndef-text", operations["write-ndef-text"].VerifiedBy);
        Assert.Equal(["read-ndef", "write-ndef-uri", "write-ndef-text", "verify-ndef-uri", "verify-ndef-text"], operations.Keys);
    }

    [Fact]
    public async Task Write_ndef_uri_then_read_returns_the_new_URI_and_the_tag_holds_it()
    {
        var tag = new NfcType4Tag();
        var card = new VirtualCardChannel(tag);

        await Harness.RunAsync("write-ndef-uri", new JsonObject { ["uri"] = "tel:+41790000000" }, card);
        var result = await Harness.RunAsync("read-ndef", null, card);

        Assert.Equal("tel:+41790000000", (string?)result!["records"]![0]!["uri"]);
        // One short well-known "U" record, abbreviated with prefix code 05 ("tel:").
        Assert.Equal("D1010D5505" + Convert.ToHexString("+41790000000"u8), Convert.ToHexString(tag.NdefMessage));
    }

    [Fact]
    public async Task Write_ndef_text_then_read_returns_the_text_with_its_language()
    {
        var card = new VirtualCardChannel(new NfcType4Tag());

        await Harness.RunAsync("write-ndef-text", new JsonObject { ["text"] = "Grüezi mitenand", ["language"] = "de-CH" }, card);
        var record = (await Harness.RunAsync("read-ndef", null, card))!["records"]![0]!;

        Assert.Equal(("text", "Grüezi mitenand", "de-CH", "UTF-8"),
            ((string?)record["kind"], (string?)record["text"], (string?)record["language"], (string?)record["encoding"]));
    }

    [Fact]
    public async Task Read_ndef_decodes_UTF16_text_and_MIME_records_of_a_two_record_message()
    {
        // Record 1: MB, SR, well-known "T", status 0x82 (UTF-16, language of 2 bytes) "fr", then UTF-16BE "Oui".
        // Record 2: ME, SR, MIME "text/plain", payload "hi".
        byte[] message =
        [
            0x91, 0x01, 0x09, 0x54, 0x82, (byte)'f', (byte)'r', 0x00, 0x4F, 0x00, 0x75, 0x00, 0x69,
            0x52, 0x0A, 0x02, .. "text/plain"u8, .. "hi"u8,
        ];

        var records = (await Harness.RunAsync("read-ndef", null, new VirtualCardChannel(new NfcType4Tag(message))))!["records"]!.AsArray();

        Assert.Equal(2, records.Count);
        Assert.Equal(("text", "Oui", "fr", "UTF-16"),
            ((string?)records[0]!["kind"], (string?)records[0]!["text"], (string?)records[0]!["language"], (string?)records[0]!["encoding"]));
        Assert.Equal(("mime", "text/plain", "6869"),
            ((string?)records[1]!["kind"], (string?)records[1]!["mimeType"], (string?)records[1]!["payload"]));
    }

    [Fact]
    public async Task A_message_larger_than_the_NDEF_file_is_refused_before_anything_is_written()
    {
        var tag = new NfcType4Tag(ndefFileSize: 64);
        var before = tag.NdefMessage;

        var failure = await Assert.ThrowsAsync<CardOperationException>(() =>
            Harness.RunAsync("write-ndef-text", new JsonObject { ["text"] = new string('x', 100) }, new VirtualCardChannel(tag)));

        Assert.Equal(CardOperationError.InvalidArgument, failure.Error);
        Assert.Equal(before, tag.NdefMessage);
    }
}
