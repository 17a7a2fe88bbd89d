using System.Text.Json.Nodes;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Plugins.Support;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Plugins;

/// <summary>A misbehaving plugin costs its own operations, never the reader or the other plugins.</summary>
public sealed class PluginFaultSpecs(ITestOutputHelper output) : PluginHostSpec(output)
{
    private static readonly byte[] Uid = [0x04, 0xA1, 0xB2, 0xC3];

    [Fact]
    public void A_hanging_operation_times_out_the_card_is_reset_and_the_reader_still_answers()
    {
        var reader = StartWithFaultyCard(new StorageCard(Uid)).Reader;

        var failure = Failed(reader, "hang");

        Assert.Equal(OperationFailureReason.Timeout, failure.Reason);
        Assert.Contains("was reset", failure.Message, StringComparison.Ordinal);
        var transmitted = Ask<Transmitted>(Manager, new ToReader(reader, new Transmit([0xFF, 0xCA, 0x00, 0x00, 0x00])));
        Assert.Equal(Uid, transmitted.Data);
        // A fresh session on the same plugin serves the next operation.
        Assert.Equal("04A1B2C3", (string?)Completed(reader, "version")["uid"]);
    }

    [Fact]
    public void A_throwing_operation_fails_with_the_plugins_message_and_the_next_one_works()
    {
        var reader = StartWithFaultyCard(new StorageCard(Uid)).Reader;

        var failure = Failed(reader, "fail");

        Assert.Equal(OperationFailureReason.PluginFailed, failure.Reason);
        Assert.Contains("this operation always fails", failure.Message, StringComparison.Ordinal);
        Assert.Equal(Faulty, failure.PluginId);
        Assert.Equal("1.0.0", (string?)Completed(reader, "version")["version"]);
    }

    [Fact]
    public void After_N_failures_in_a_row_the_plugin_is_quarantined_until_the_plugins_are_reloaded()
    {
        var reader = StartWithFaultyCard(new StorageCard(Uid)).Reader;
        for (var i = 0; i < HostSettings.QuarantineAfterFailures; i++)
        {
            Assert.Equal(OperationFailureReason.PluginFailed, Failed(reader, "fail").Reason);
        }

        var quarantined = ExpectEvent<PluginQuarantined>(e => e.PluginId == Faulty);
        var refused = Failed(reader, "version");
        Host.Tell(ReloadPlugins.Instance, TestActor);
        var status = ExpectMsg<PluginCatalogStatus>(Wait);

        Assert.Equal(HostSettings.QuarantineAfterFailures, quarantined.ConsecutiveFailures);
        Assert.Equal(OperationFailureReason.Quarantined, refused.Reason);
        Assert.False(status.Plugins.Single(p => p.Id == Faulty).Quarantined);
        Assert.Equal("04A1B2C3", (string?)Completed(reader, "version")["uid"]);
    }

    [Fact]
    public void Typed_failures_do_not_count_towards_quarantine()
    {
        var reader = StartWithFaultyCard(new StorageCard(Uid)).Reader;
        for (var i = 0; i < HostSettings.QuarantineAfterFailures + 1; i++)
        {
            Assert.Equal(OperationFailureReason.UnknownOperation, Failed(reader, "no-such-operation").Reason);
        }

        Assert.IsType<OperationCompleted>(Run(reader, "version"));
    }

    [Fact]
    public void When_another_process_resets_the_card_the_session_is_told()
    {
        var reader = StartWithFaultyCard(new StorageCard(Uid)).Reader;
        Completed(reader, "version");

        Pcsc.GetReader("Reader Faulty 00").ResetByOtherProcess();

        // The reader notices the reset on the next exchange and publishes CardReset; the session hears of it right after.
        AwaitAssert(() => Assert.Equal(1, (int?)Completed(reader, "version")["resets"]), Wait);
        ExpectEvent<CardReset>(e => e.ReaderId == reader);
    }

    [Fact]
    public void When_the_card_is_removed_during_an_operation_the_requester_still_gets_an_answer()
    {
        var reader = StartWithFaultyCard(new StorageCard(Uid)).Reader;
        Host.Tell(new RunOperation(reader, "slow", new JsonObject { ["ms"] = 500 }), TestActor);

        Pcsc.GetReader("Reader Faulty 00").Remove();

        var failure = ExpectMsg<OperationFailed>(Wait);
        Assert.Contains(failure.Reason, new[] { OperationFailureReason.NoCard, OperationFailureReason.ReaderFailed });
        Assert.Equal(OperationFailureReason.NoCard, Failed(reader, "version").Reason);
    }
}
