using Akka.TestKit.Xunit2;
using Microsoft.Extensions.Logging.Abstractions;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Plugins.Isolation;
using SmartCardFleet.Core.Plugins.Sessions;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Core.Tests.Plugins.Isolation;

/// <summary>A plugin that waits for an APDU synchronously (<c>.GetAwaiter().GetResult()</c>) on its single-threaded
/// plugin thread still gets its answer: the channel's own continuation does not need that thread.</summary>
public sealed class SyncOverAsyncSpecs : TestKit
{
    private static readonly ReaderId Reader = ReaderId.FromReaderName("Reader Sync 00");

    [Fact]
    public async Task A_plugin_blocking_on_its_own_transmit_is_answered_and_does_not_deadlock_its_thread()
    {
        var channel = new ReaderCardChannel(new ReaderRequests(Sys, TestActor), Reader, new ReaderInfo(Reader.Value, "Reader Sync 00"),
            Atr.Parse("3B 02 14 50"), TimeSpan.FromSeconds(5), [], () => CancellationToken.None, NullLogger.Instance);
        channel.Arm(new TransactionId(Guid.NewGuid()));
        var threads = new PluginThreads("org.test.sync", abandonedLimit: 1);

        var call = threads.Start("ExecuteAsync", () =>
            Task.FromResult(channel.TransmitAsync(new CommandApdu(0x00, 0xB0, 0x00, 0x00, ne: 2)).GetAwaiter().GetResult()));
        ExpectMsg<ToReader>();
        LastSender.Tell(new Transmitted(Reader, [0x01, 0x02], 0x9000, TimeSpan.FromMilliseconds(1)), TestActor);

        var response = await call.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([0x01, 0x02], response.Data.ToArray());
    }
}
