using System.Text.Json.Nodes;
using Akka.Actor;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Plugins.Support;
using SmartCardFleet.VirtualCards.Cards.Nfc;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Plugins.Shipped;

/// <summary>What the station does with the Ndef plugin's batches: a multi-chunk message is written and read with one
/// TransmitBatch per sequence, seen at the reader manager (the plugin's own behaviour is in NdefPluginSpecs).</summary>
public sealed class NdefBatchingSpecs(ITestOutputHelper output) : PluginHostSpec(output)
{
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
