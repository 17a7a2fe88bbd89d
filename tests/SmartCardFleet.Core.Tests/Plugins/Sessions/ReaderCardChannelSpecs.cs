using System.Collections.Concurrent;
using Akka.TestKit.Xunit2;
using Microsoft.Extensions.Logging;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Plugins.Sessions;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Plugins.Support;

namespace SmartCardFleet.Core.Tests.Plugins.Sessions;

/// <summary>The plugin's card channel against a stand-in manager: what it asks the reader, and what it tells the
/// observer and the log.</summary>
public sealed class ReaderCardChannelSpecs : TestKit
{
    private static readonly ReaderId Reader = ReaderId.FromReaderName("Reader Batch 00");
    private static readonly TransactionId Transaction = new(Guid.NewGuid());
    private static readonly CommandApdu Verify = new(0x00, 0x20, 0x00, 0x81, [0x31, 0x32, 0x33, 0x34, 0x35, 0x36]);
    private static readonly CommandApdu ReadFirst = new(0x00, 0xB0, 0x00, 0x00, ne: 2);
    private static readonly CommandApdu ReadSecond = new(0x00, 0xB0, 0x00, 0x02, ne: 2);

    private readonly CapturingLoggerProvider _logs = new();
    private readonly RecordingObserver _observer = new();
    private readonly ReaderCardChannel _channel;

    public ReaderCardChannelSpecs()
    {
        var log = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace)).CreateLogger("channel");
        _channel = new ReaderCardChannel(new ReaderRequests(Sys, TestActor), Reader, new ReaderInfo(Reader.Value, "Reader Batch 00"),
            Atr.Parse("3B 02 14 50"), TimeSpan.FromSeconds(5), [], () => CancellationToken.None, log)
        {
            Observer = _observer,
            PluginId = "org.example.batch",
        };
    }

    [Fact]
    public async Task A_batch_crosses_to_the_reader_as_one_TransmitBatch_inside_the_operations_transaction()
    {
        _channel.Arm(Transaction);

        var sending = _channel.TransmitBatchAsync([Verify, ReadFirst, ReadSecond]);
        var batch = ExpectBatch();
        Assert.Equal(Transaction, batch.Transaction);
        Assert.False(batch.Atomic);
        Assert.Equal([Verify.ToBytes(), ReadFirst.ToBytes(), ReadSecond.ToBytes()], batch.Commands);
        LastSender.Tell(new BatchTransmitted(Reader, [Answer([], 0x9000), Answer([0xAA, 0xBB], 0x9000), Answer([], 0x6A82)]), TestActor);
        var responses = await sending;

        Assert.Equal([0x9000, 0x9000, 0x6A82], responses.Select(r => (int)r.StatusWord.Value));
        Assert.Equal("AABB", Hex.Format(responses[1].Data.Span));
        Assert.Equal(3, _observer.Exchanged.Count);
        ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public async Task Every_APDU_of_a_batch_is_logged_and_the_PIN_of_a_VERIFY_is_not()
    {
        _channel.Arm(Transaction);

        var sending = _channel.TransmitBatchAsync([Verify, ReadFirst]);
        ExpectBatch();
        LastSender.Tell(new BatchTransmitted(Reader, [Answer([], 0x9000), Answer([0xAA, 0xBB], 0x9000)]), TestActor);
        await sending;

        var commands = _logs.Entries.Where(e => e.EventId == 4101).Select(e => e.Message).ToList();
        Assert.Equal(2, commands.Count);
        Assert.DoesNotContain(commands, m => m.Contains("313233343536", StringComparison.Ordinal) || m.Contains("31 32 33 34 35 36", StringComparison.Ordinal));
        Assert.Equal(2, _logs.Entries.Count(e => e.EventId == 4102));
    }

    [Fact]
    public async Task A_reader_failure_stops_the_batch_the_ones_that_ran_are_observed_and_the_failed_one_is_reported()
    {
        _channel.Arm(Transaction);

        var sending = _channel.TransmitBatchAsync([ReadFirst, ReadSecond, Verify]);
        ExpectBatch();
        var gone = new ReaderFailure(Reader, ReaderFailureReason.CardGone, "the card was removed");
        LastSender.Tell(new BatchTransmitted(Reader, [Answer([0xAA, 0xBB], 0x9000)], gone), TestActor);
        var thrown = await Assert.ThrowsAsync<ReaderRequestException>(() => sending);

        Assert.Equal(gone, thrown.Failure);
        Assert.Single(_observer.Exchanged);
        var failed = Assert.Single(_observer.Failed);
        Assert.Equal(ReadSecond.ToBytes(), failed.Command.Command);
        Assert.Equal(nameof(ReaderFailureReason.CardGone), failed.Reason);
    }

    [Fact]
    public async Task A_batch_the_reader_refuses_as_a_whole_throws_the_readers_failure()
    {
        _channel.Arm(Transaction);

        var sending = _channel.TransmitBatchAsync([ReadFirst]);
        ExpectBatch();
        LastSender.Tell(new ReaderFailure(Reader, ReaderFailureReason.TransactionEnded, "the transaction has ended"), TestActor);

        Assert.Equal(ReaderFailureReason.TransactionEnded, (await Assert.ThrowsAsync<ReaderRequestException>(() => sending)).Failure.Reason);
        Assert.Equal(nameof(ReaderFailureReason.TransactionEnded), Assert.Single(_observer.Failed).Reason);
    }

    [Fact]
    public async Task An_unarmed_channel_refuses_a_batch_without_asking_the_reader()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => _channel.TransmitBatchAsync([ReadFirst]));

        _channel.Arm(Transaction);
        _channel.Close();
        await Assert.ThrowsAsync<InvalidOperationException>(() => _channel.TransmitBatchAsync([ReadFirst]));
        ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public async Task A_single_APDU_is_one_Transmit_inside_the_transaction()
    {
        _channel.Arm(Transaction);

        var sending = _channel.TransmitAsync(ReadFirst);
        var transmit = Assert.IsType<Transmit>(ExpectMsg<ToReader>().Message);
        LastSender.Tell(Answer([0x01, 0x02], 0x9000), TestActor);

        Assert.Equal(ReadFirst.ToBytes(), transmit.Command);
        Assert.Equal(Transaction, transmit.Transaction);
        Assert.Equal("0102", Hex.Format((await sending).Data.Span));
        Assert.Single(_observer.Exchanged);
    }

    private TransmitBatch ExpectBatch()
    {
        var routed = ExpectMsg<ToReader>();
        Assert.Equal(Reader, routed.ReaderId);
        return Assert.IsType<TransmitBatch>(routed.Message);
    }

    private static Transmitted Answer(byte[] data, ushort statusWord) => new(Reader, data, statusWord, TimeSpan.FromMilliseconds(1));

    private sealed class RecordingObserver : IPluginApduObserver
    {
        public ConcurrentQueue<PluginApduExchange> Exchanged { get; } = new();

        public ConcurrentQueue<(PluginApduCommand Command, string Reason)> Failed { get; } = new();

        void IPluginApduObserver.Exchanged(PluginApduExchange exchange) => Exchanged.Enqueue(exchange);

        void IPluginApduObserver.Failed(PluginApduCommand command, string reason) => Failed.Enqueue((command, reason));
    }
}
