using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Integration.Tests.Actors.Support;
using SmartCardFleet.Integration.Tests.RealFleet;
using SmartCardFleet.Integration.Tests.Support;
using Xunit.Abstractions;

namespace SmartCardFleet.Integration.Tests.Actors;

/// <summary>Issue 10, defect 11 on the real fleet: between a pull and pcscd's next presence poll (0.4 s) pcscd still
/// reports the card present and answers every command NOT_TRANSACTED. The chaos run saw about 50 answers of
/// "502 PcscError ... the transaction lock is lost" per pulled card; every answer must say the card is gone.</summary>
[Collection(RealFleetCollection.Name)]
public sealed class UnnoticedPullTests(RealFleetFixture fixture, ITestOutputHelper output) : StationSpec(fixture, output)
{
    private const int Requests = 20;

    public enum PulledBy
    {
        RemovalFault,
        ClientGoneBeforeTheCommand,
    }

    [Theory]
    [InlineData(PulledBy.RemovalFault)]
    [InlineData(PulledBy.ClientGoneBeforeTheCommand)]
    public async Task Every_request_to_a_pulled_card_answers_CardGone_or_NoCard_never_PcscError(PulledBy how)
    {
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

        // Back to back, as the chaos run's clients did: most of them land before pcscd's poller has looked.
        var answers = Enumerable.Range(0, Requests)
            .Select(i => RequestAny(manager, reader, new Transmit(EchoCard.Command(1, (byte)i))))
            .ToList();

        var reasons = answers.Select(a => a is ReaderFailure failure ? failure.Reason.ToString() : a.GetType().Name).ToList();
        Assert.All(reasons, reason => Assert.Contains(reason, new[] { nameof(ReaderFailureReason.CardGone), nameof(ReaderFailureReason.NoCard) }));
        Assert.Equal(nameof(ReaderFailureReason.CardGone), reasons[0]);
        Assert.Equal(ReaderState.NoCard, Request<ReaderSnapshot>(manager, reader, GetStatus.Instance).State);
    }
}
