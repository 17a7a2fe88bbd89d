using Akka.Actor;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Integration.Tests.Actors.Support;
using SmartCardFleet.Integration.Tests.RealFleet;
using SmartCardFleet.Integration.Tests.Support;
using Xunit.Abstractions;

namespace SmartCardFleet.Integration.Tests.Actors;

/// <summary>Many requesters on one reader, and a slow card that must not hold up the other readers.</summary>
[Collection(RealFleetCollection.Name)]
public sealed class ConcurrencyTests(RealFleetFixture fixture, ITestOutputHelper output) : StationSpec(fixture, output)
{
    private const int TransactionRequesters = 5;
    private const int CommandsPerTransaction = 5;
    private const int PlainCommands = 25;

    [Fact]
    public async Task Fifty_concurrent_transmits_to_one_reader_are_all_answered_and_no_transaction_is_interleaved()
    {
        var manager = StartStation();
        var reader = IdOf(6);
        var card = new InstrumentedCard(new EchoCard());
        await using var inserted = await InsertAsync(6, card);
        ExpectEvent<CardAttached>(reader);

        var transactions = Enumerable.Range(0, TransactionRequesters).Select(r => RunTransactionAsync(manager, reader, (byte)(0x10 + r)));
        var plain = Enumerable.Range(0, PlainCommands).Select(i => AskTransmitAsync(manager, reader, 0x01, (byte)i, transaction: null));
        var replies = await Task.WhenAll(transactions.Concat([Task.WhenAll(plain)]));

        // Every transmit got its own answer (the echo names the command)...
        Assert.Equal(TransactionRequesters * CommandsPerTransaction + PlainCommands, replies.Sum(r => r.Length));
        // ...and reached the card once, and each transaction's commands reached it together and in order.
        var seen = card.Commands.Select(c => (P1: c[2], P2: c[3])).ToList();
        Assert.Equal(TransactionRequesters * CommandsPerTransaction + PlainCommands, seen.Count);
        for (var r = 0; r < TransactionRequesters; r++)
        {
            var owner = (byte)(0x10 + r);
            var first = seen.FindIndex(c => c.P1 == owner);
            var run = seen.Skip(first).Take(CommandsPerTransaction).ToList();
            Assert.True(run.All(c => c.P1 == owner), $"transaction {owner:X2} was interleaved: {string.Join(' ', seen.Select(c => $"{c.P1:X2}{c.P2:X2}"))}");
            Assert.Equal(Enumerable.Range(0, CommandsPerTransaction).Select(i => (byte)i), run.Select(c => c.P2));
        }
    }

    [Fact]
    public async Task A_card_that_does_not_answer_on_one_reader_does_not_delay_commands_on_another_reader()
    {
        var manager = StartStation();
        var slowReader = IdOf(7);
        var fastReader = IdOf(12);
        using var slowCard = new GatedCard(new EchoCard());
        await using var slow = await InsertAsync(7, slowCard);
        await using var fast = await InsertAsync(12, new EchoCard());
        ExpectEvent<CardAttached>(slowReader);
        ExpectEvent<CardAttached>(fastReader);
        var slowReply = CreateTestProbe();
        var fastReplies = CreateTestProbe();
        slowCard.Hold();

        manager.Tell(new ToReader(slowReader, new Transmit(EchoCard.Command(0xAA, 0))), slowReply.Ref);
        AwaitCondition(() => slowCard.Waiting == 1 && Pcsc.TransmitsInFlight(slow.ReaderName) == 1, Wait,
            "the slow command to be held on the card");
        // The held card cannot answer until it is released below, so every fast answer comes while the slow reader's
        // command is still on its card; readers sharing a thread would time these out instead.
        for (byte i = 0; i < 10; i++)
        {
            manager.Tell(new ToReader(fastReader, new Transmit(EchoCard.Command(0xBB, i))), fastReplies.Ref);
            Assert.Equal([0xBB, i], fastReplies.ExpectMsg<Transmitted>(Wait).Data);
        }

        Assert.Equal(1, slowCard.Waiting);
        Assert.False(slowReply.HasMessages, "the slow reader answered while its card was held");
        slowCard.Release();
        Assert.Equal([0xAA, 0x00], slowReply.ExpectMsg<Transmitted>(Wait).Data);
    }

    private static async Task<Transmitted[]> RunTransactionAsync(IActorRef manager, ReaderId reader, byte owner)
    {
        var begun = await AskAsync<TransactionBegun>(manager, reader, new BeginTransaction(TimeSpan.FromSeconds(20), $"requester-{owner:X2}"));
        var replies = new List<Transmitted>();
        for (byte i = 0; i < CommandsPerTransaction; i++)
        {
            replies.Add(await AskTransmitAsync(manager, reader, owner, i, begun.Transaction));
        }

        await AskAsync<TransactionEnded>(manager, reader, new EndTransaction(begun.Transaction));
        return [.. replies];
    }

    private static async Task<Transmitted> AskTransmitAsync(IActorRef manager, ReaderId reader, byte p1, byte p2, TransactionId? transaction)
    {
        var reply = await AskAsync<Transmitted>(manager, reader, new Transmit(EchoCard.Command(p1, p2), transaction));
        Assert.Equal([p1, p2], reply.Data);
        return reply;
    }

    private static async Task<T> AskAsync<T>(IActorRef manager, ReaderId reader, object message)
    {
        var reply = await manager.Ask<object>(new ToReader(reader, message), Wait);
        return reply is T typed ? typed : throw new Xunit.Sdk.XunitException($"expected {typeof(T).Name} for {message}, got {reply}");
    }
}
