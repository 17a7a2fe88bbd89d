using System.Text;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Messaging;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Tests.Messaging;

/// <summary>The compatibility rule of docs/messages.md: a release may add optional fields to a message; a peer of the
/// old shape reads the new one (the field is ignored) and a peer of the new shape reads the old one (the field takes its
/// declared default). Two shapes of Transmit under its real manifest stand for two releases.</summary>
public sealed class WireCompatibilitySpecs
{
    private const string Manifest = "reader.transmit";

    private static readonly FleetJsonCodec OldPeer = new(new WireManifests([(typeof(Transmit), Manifest)]));
    private static readonly FleetJsonCodec NewPeer = new(new WireManifests([(typeof(TransmitWithDeadline), Manifest)]));

    [Fact]
    public void A_peer_of_the_old_shape_reads_a_message_with_an_added_optional_field()
    {
        var transaction = TransactionId.New();
        var json = NewPeer.Encode(new TransmitWithDeadline([0x00, 0xB0, 0x00, 0x00, 0x10], transaction, 2_000));

        var old = Assert.IsType<Transmit>(OldPeer.Decode(json, Manifest));

        Assert.Equal(new byte[] { 0x00, 0xB0, 0x00, 0x00, 0x10 }, old.Command);
        Assert.Equal(transaction, old.Transaction);
    }

    [Fact]
    public void A_peer_of_the_new_shape_reads_the_old_message_and_the_added_field_takes_its_default()
    {
        var json = OldPeer.Encode(new Transmit([0x00, 0xB0, 0x00, 0x00, 0x10]));

        var added = Assert.IsType<TransmitWithDeadline>(NewPeer.Decode(json, Manifest));

        Assert.Equal(new byte[] { 0x00, 0xB0, 0x00, 0x00, 0x10 }, added.Command);
        Assert.Null(added.Transaction);
        Assert.Equal(30_000, added.DeadlineMs);
    }

    [Fact]
    public void Todays_wire_shape_of_a_failure_stays_readable()
    {
        // Written once by hand from docs/messages.md; if this breaks, a field was renamed or its encoding changed, which
        // the compatibility rule forbids.
        const string json = """
            {"readerId":"virtual-pcd-0","reason":"BusyInTransaction","message":"held","error":"SharingViolation","transactionHolder":"job 7"}
            """;

        var failure = Assert.IsType<ReaderFailure>(new FleetJsonCodec(WireManifests.Fleet).Decode(Encoding.UTF8.GetBytes(json), "reader.failure"));

        Assert.Equal(new ReaderFailure(new ReaderId("virtual-pcd-0"), ReaderFailureReason.BusyInTransaction, "held", PcscError.SharingViolation)
        {
            TransactionHolder = "job 7",
        }, failure);
    }

    [Fact]
    public void A_reply_is_written_as_docs_messages_md_describes()
    {
        var transmitted = new Transmitted(new ReaderId("virtual-pcd-0"), [0x01, 0x02], 0x9000, TimeSpan.FromMilliseconds(1500));

        var json = Encoding.UTF8.GetString(new FleetJsonCodec(WireManifests.Fleet).Encode(transmitted));

        // camelCase, bytes as base64, the id as its slug, TimeSpan as text, and no computed Sw1/Sw2.
        Assert.Equal("""{"readerId":"virtual-pcd-0","data":"AQI=","statusWord":36864,"elapsed":"00:00:01.5000000"}""", json);
    }

    /// <summary>The next release's Transmit: the same fields plus an optional one.</summary>
    private sealed record TransmitWithDeadline(byte[] Command, TransactionId? Transaction = null, int DeadlineMs = 30_000);
}
