using System.Text.Json.Nodes;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Tests.Plugins.Support;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Plugins;

/// <summary>Every RunOperation gets an answer: a result or a typed failure that says why.</summary>
public sealed class OperationRoutingSpecs(ITestOutputHelper output) : PluginHostSpec(output)
{
    [Fact]
    public void An_operation_on_a_reader_the_station_does_not_know_fails_UnknownReader()
    {
        Plugins.InstallShipped("Uid");
        StartStation();

        Assert.Equal(OperationFailureReason.UnknownReader, Failed(new ReaderId("no-such-reader"), "read-uid").Reason);
    }

    [Fact]
    public void An_operation_on_an_empty_reader_fails_NoCard()
    {
        Plugins.InstallShipped("Uid");
        StartStation();
        Pcsc.AddReader("Reader Empty 00");
        var id = ReaderId.FromReaderName("Reader Empty 00");
        ExpectEvent<Core.Events.ReaderAdded>(e => e.ReaderId == id);

        Assert.Equal(OperationFailureReason.NoCard, Failed(id, "read-uid").Reason);
    }

    [Fact]
    public void An_unknown_operation_lists_the_plugins_operations()
    {
        Plugins.InstallShipped("Uid");
        StartStation();
        var (reader, _) = InsertIdentified("Reader Storage 00", new StorageCard());

        var failure = Failed(reader, "format-card");

        Assert.Equal(OperationFailureReason.UnknownOperation, failure.Reason);
        Assert.Contains("read-uid", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_argument_names_the_argument()
    {
        Plugins.InstallShipped("Uid");
        StartStation();
        var (reader, _) = InsertIdentified("Reader Storage 00", new StorageCard());

        var failure = Failed(reader, "read-binary", new JsonObject { ["page"] = "four" });

        Assert.Equal(OperationFailureReason.InvalidArgument, failure.Reason);
        Assert.Contains("\"page\"", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void After_the_card_is_removed_operations_fail_NoCard()
    {
        Plugins.InstallShipped("Uid");
        StartStation();
        var (reader, _) = InsertIdentified("Reader Storage 00", new StorageCard());

        Pcsc.GetReader("Reader Storage 00").Remove();
        ExpectEvent<Core.Events.CardRemoved>(e => e.ReaderId == reader);

        AwaitAssert(() => Assert.Equal(OperationFailureReason.NoCard, Failed(reader, "read-uid").Reason), Wait);
    }
}
