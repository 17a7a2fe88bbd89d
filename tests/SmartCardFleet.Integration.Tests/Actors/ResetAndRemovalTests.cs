using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Integration.Tests.Actors.Support;
using SmartCardFleet.Integration.Tests.RealFleet;
using SmartCardFleet.Integration.Tests.Support;
using SmartCardFleet.Pcsc;
using Xunit.Abstractions;

namespace SmartCardFleet.Integration.Tests.Actors;

/// <summary>docs/pcsc-notes.md §5 through the reader actors: another process resets the card, or the card leaves
/// mid-command (or just before one, unnoticed by pcscd yet).</summary>
[Collection(RealFleetCollection.Name)]
public sealed class ResetAndRemovalTests(RealFleetFixture fixture, ITestOutputHelper output) : StationSpec(fixture, output)
{
    public enum ResetBy
    {
        ReconnectWithReset,
        DisconnectWithReset,
    }

    public enum PulledBy
    {
        RemovalFault,
        RemoveDuringLongCommand,
        ClientGoneBeforeTheCommand,
    }

    [Theory]
    [InlineData(ResetBy.ReconnectWithReset)]
    [InlineData(ResetBy.DisconnectWithReset)]
    public async Task When_another_context_resets_the_card_the_actor_acknowledges_publishes_CardReset_and_retries_once(ResetBy how)
    {
        var manager = StartStation();
        var reader = IdOf(4);
        var card = new InstrumentedCard(new EchoCard());
        await using var inserted = await InsertAsync(4, card);
        var session = ExpectEvent<CardAttached>(reader).Session;
        Assert.Equal([0x01, 0x01], Request<Transmitted>(manager, reader, new Transmit(EchoCard.Command(1, 1))).Data);

        using (var otherProcess = PcscContext.Establish(Fixture.Api))
        using (var resetter = otherProcess.Connect(inserted.ReaderName))
        {
            if (how == ResetBy.ReconnectWithReset)
            {
                resetter.Reconnect(CardDisposition.Reset);
            }
            else
            {
                resetter.Disconnect(CardDisposition.Reset);
            }
        }

        var commandsBefore = card.Commands.Count;
        var resetsBefore = Pcsc.Reconnects.Count;

        var reply = Request<Transmitted>(manager, reader, new Transmit(EchoCard.Command(2, 2)));

        Assert.Equal([0x02, 0x02], reply.Data);
        var reset = ExpectEvent<CardReset>(reader);
        Assert.Equal(session, reset.Session);
        Assert.Equal(PcscError.ResetCard, reset.Cause);
        // The handle was acknowledged with LEAVE (our own RESET would reset the card for everybody again)...
        Assert.Equal([(inserted.ReaderName, CardDisposition.Leave)], Pcsc.Reconnects.Skip(resetsBefore));
        // ...and the command reached the card exactly once: the first try was refused by pcscd, the retry ran.
        Assert.Equal(commandsBefore + 1, card.Commands.Count);
        Assert.Equal(ReaderState.Attached, Request<ReaderSnapshot>(manager, reader, GetStatus.Instance).State);
    }

    [Theory]
    [InlineData(PulledBy.RemovalFault)]
    [InlineData(PulledBy.RemoveDuringLongCommand)]
    public async Task A_card_pulled_mid_command_fails_that_request_as_card_gone_and_the_next_card_works(PulledBy how)
    {
        var manager = StartStation();
        var reader = IdOf(5);
        var first = new EchoCard();
        var yanked = await InsertAsync(5, first);
        ExpectEvent<CardAttached>(reader);
        var probe = CreateTestProbe();

        if (how == PulledBy.RemovalFault)
        {
            first.Faults.RemoveDuringNextCommand();
            manager.Tell(new Core.Fleet.ToReader(reader, new Transmit(EchoCard.Command(1, 1))), probe.Ref);
        }
        else
        {
            first.Faults.SetLongCommand(EchoCard.Ins, TimeSpan.FromSeconds(30));
            manager.Tell(new Core.Fleet.ToReader(reader, new Transmit(EchoCard.Command(1, 1))), probe.Ref);
            AwaitCondition(() => Pcsc.TransmitsInFlight(yanked.ReaderName) == 1, Wait, "the slow command to be on the card");
            await yanked.Client.RemoveAsync();
        }

        var failure = probe.ExpectMsg<ReaderFailure>(Wait);
        Assert.Equal(ReaderFailureReason.CardGone, failure.Reason);
        ExpectEvent<CardDetached>(reader);
        AwaitAssert(() => Assert.Equal(ReaderState.NoCard, Request<ReaderSnapshot>(manager, reader, GetStatus.Instance).State), Wait);
        await yanked.RemoveAsync();

        var second = new EchoCard();
        await using var next = await InsertAsync(5, second);
        ExpectEvent<CardAttached>(reader);
        Assert.Equal([0x03, 0x04], Request<Transmitted>(manager, reader, new Transmit(EchoCard.Command(3, 4))).Data);
    }

    /// <summary>Issue 10, defect 11: between a pull and pcscd's next presence poll (0.4 s) pcscd still reports the card
    /// present and answers every command NOT_TRANSACTED. A chaos run saw about 50 answers of "502 PcscError ... the
    /// transaction lock is lost" per pulled card; every answer must say the card is gone.</summary>
    [Theory]
    [InlineData(PulledBy.RemovalFault)]
    [InlineData(PulledBy.ClientGoneBeforeTheCommand)]
    public async Task Every_request_to_a_card_pulled_before_pcscd_noticed_answers_CardGone_or_NoCard_never_PcscError(PulledBy how)
    {
        const int requests = 20;
        var manager = StartStation();
        var reader = IdOf(7);
        var card = new EchoCard();
        await using var pulled = await InsertAsync(7, card);
        ExpectEvent<CardAttached>(reader);

        if (how == PulledBy.RemovalFault)
        {
            card.Faults.RemoveDuringNextCommand();
        }
        else
        {
            await pulled.Client.RemoveAsync();
        }

        // Back to back, as the chaos run's clients sent them: most land before pcscd's poller has looked.
        var reasons = Enumerable.Range(0, requests)
            .Select(i => RequestAny(manager, reader, new Transmit(EchoCard.Command(1, (byte)i))))
            .Select(answer => answer is ReaderFailure failure ? failure.Reason.ToString() : answer.GetType().Name)
            .ToList();

        Assert.All(reasons, reason => Assert.Contains(reason, new[] { nameof(ReaderFailureReason.CardGone), nameof(ReaderFailureReason.NoCard) }));
        Assert.Equal(nameof(ReaderFailureReason.CardGone), reasons[0]);
        Assert.Equal(ReaderState.NoCard, Request<ReaderSnapshot>(manager, reader, GetStatus.Instance).State);
    }
}
