using System.Text.Json.Nodes;
using Akka.Actor;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Plugins.Support;
using SmartCardFleet.VirtualCards.Cards.Nfc;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Plugins.Shipped;

public sealed class NdefPluginSpecs(ITestOutputHelper output) : PluginHostSpec(output)
{
    [Fact]
    public void Read_ndef_decodes_the_URI_record_the_tag_was_personalised_with()
    {
        Plugins.InstallShipped("Ndef", "Iso7816");
        StartStation();
        var (reader, _) = InsertIdentified("Reader Tag 00", new NfcType4Tag(NdefMessages.Uri("https://example.com/fleet")));

        var result = Completed(reader, "read-ndef");

        var record = Assert.Single(result["records"]!.AsArray())!;
        Assert.Equal("uri", (string?)record["kind"]);
        Assert.Equal("https://example.com/fleet", (string?)record["uri"]);
        Assert.True((bool?)result["writable"]);
    }

    [Fact]
    public void Write_ndef_uri_then_read_returns_the_new_URI_and_the_tag_holds_it()
    {
        var tag = new NfcType4Tag();
        Plugins.InstallShipped("Ndef");
        StartStation();
        var (reader, _) = InsertIdentified("Reader Tag 00", tag);

        Completed(reader, "write-ndef-uri", new JsonObject { ["uri"] = "tel:+41790000000" });
        var result = Completed(reader, "read-ndef");

        Assert.Equal("tel:+41790000000", (string?)result["records"]![0]!["uri"]);
        // One short well-known "U" record, abbreviated with prefix code 05 ("tel:").
        Assert.Equal("D1010D5505" + Convert.ToHexString("+41790000000"u8), Convert.ToHexString(tag.NdefMessage));
    }

    [Fact]
    public void Write_ndef_text_then_read_returns_the_text_with_its_language()
    {
        Plugins.InstallShipped("Ndef");
        StartStation();
        var (reader, _) = InsertIdentified("Reader Tag 00", new NfcType4Tag());

        Completed(reader, "write-ndef-text", new JsonObject { ["text"] = "Grüezi mitenand", ["language"] = "de-CH" });
        var record = Completed(reader, "read-ndef")["records"]![0]!;

        Assert.Equal(("text", "Grüezi mitenand", "de-CH", "UTF-8"),
            ((string?)record["kind"], (string?)record["text"], (string?)record["language"], (string?)record["encoding"]));
    }

    [Fact]
    public void Read_ndef_decodes_UTF16_text_and_MIME_records_of_a_two_record_message()
    {
        // Record 1: MB, SR, well-known "T", status 0x82 (UTF-16, language of 2 bytes) "fr", then UTF-16BE "Oui".
        // Record 2: ME, SR, MIME "text/plain", payload "hi".
        byte[] message =
        [
            0x91, 0x01, 0x09, 0x54, 0x82, (byte)'f', (byte)'r', 0x00, 0x4F, 0x00, 0x75, 0x00, 0x69,
            0x52, 0x0A, 0x02, .. "text/plain"u8, .. "hi"u8,
        ];
        Plugins.InstallShipped("Ndef");
        StartStation();
        var (reader, _) = InsertIdentified("Reader Tag 00", new NfcType4Tag(message));

        var records = Completed(reader, "read-ndef")["records"]!.AsArray();

        Assert.Equal(2, records.Count);
        Assert.Equal(("text", "Oui", "fr", "UTF-16"),
            ((string?)records[0]!["kind"], (string?)records[0]!["text"], (string?)records[0]!["language"], (string?)records[0]!["encoding"]));
        Assert.Equal(("mime", "text/plain", "6869"),
            ((string?)records[1]!["kind"], (string?)records[1]!["mimeType"], (string?)records[1]!["payload"]));
    }

    [Fact]
    public void A_message_larger_than_the_NDEF_file_is_refused_before_anything_is_written()
    {
        var tag = new NfcType4Tag(ndefFileSize: 64);
        var before = tag.NdefMessage;
        Plugins.InstallShipped("Ndef");
        StartStation();
        var (reader, _) = InsertIdentified("Reader Tag 00", tag);

        var failure = Failed(reader, "write-ndef-text", new JsonObject { ["text"] = new string('x', 100) });

        Assert.Equal(Core.Plugins.OperationFailureReason.InvalidArgument, failure.Reason);
        Assert.Equal(before, tag.NdefMessage);
    }

    [Fact]
    public void A_message_of_several_chunks_is_written_and_read_back_with_one_batch_each()
    {
        var tag = new NfcType4Tag();
        Plugins.InstallShipped("Ndef");
        Manager = StartManager();
        var batches = CreateTestProbe();
        StartHost(Sys.ActorOf(Props.Create(() => new BatchCountingManager(Manager, batches.Ref)), "batch-counting-manager"));
        var (reader, _) = InsertIdentified("Reader Tag 00", tag);
        // 600 bytes of text: three UPDATE BINARY chunks and three READ BINARY blocks of at most 255 bytes (the tag's MLc/MLe).
        var text = string.Concat(Enumerable.Repeat("0123456789", 60));

        Completed(reader, "write-ndef-text", new JsonObject { ["text"] = text });
        Assert.Equal(3, batches.ExpectMsg<BatchSent>(Wait).Commands);
        var record = Completed(reader, "read-ndef")["records"]![0]!;
        // NLEN first (the message's length decides its blocks), then the message's three blocks at once.
        Assert.Equal(1, batches.ExpectMsg<BatchSent>(Wait).Commands);
        Assert.Equal(3, batches.ExpectMsg<BatchSent>(Wait).Commands);

        batches.ExpectNoMsg(TimeSpan.Zero);
        Assert.Equal(text, (string?)record["text"]);
        Assert.Contains(Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(text)), Convert.ToHexString(tag.NdefMessage), StringComparison.Ordinal);
    }

    private sealed record BatchSent(int Commands);

    /// <summary>The station's manager, telling the test about every TransmitBatch it routes.</summary>
    private sealed class BatchCountingManager : ReceiveActor
    {
        public BatchCountingManager(IActorRef manager, IActorRef observer)
        {
            ReceiveAny(message =>
            {
                if (message is ToReader { Message: TransmitBatch batch })
                {
                    observer.Tell(new BatchSent(batch.Commands.Count));
                }

                manager.Forward(message);
            });
        }
    }
}
