using Akka.Actor;
using SmartCardFleet.Core.Configuration;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Support;
using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards.FileSystem;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Readers;

/// <summary>Issue 10, "card security state leaks between callers": a PIN verified by one caller must not unlock the
/// card for the next (docs/security.md). The iso7816-fs card's EF 5002 needs PIN 01 to be read.</summary>
public sealed class SecurityStateResetSpecs(ITestOutputHelper output) : FleetSpec(output)
{
    private const string Name = "Reader Fs 00";
    private const ushort SecurityStatusNotSatisfied = 0x6982;

    private static readonly byte[] SelectApplication = [0x00, 0xA4, 0x04, 0x0C, 0x08, .. DefaultPersonalisation.ApplicationId];
    private static readonly byte[] VerifyPin = [0x00, 0x20, 0x00, DefaultPersonalisation.PinReference, 0x04, .. DefaultPersonalisation.Pin];
    private static readonly byte[] ReadSecretFile = [0x00, 0xB0, 0x82, 0x00, 0x00];

    [Fact]
    public void A_PIN_verified_inside_a_transaction_is_cleared_when_it_ends_so_the_next_caller_gets_6982()
    {
        var (manager, id) = StartWithFileSystemCard();
        var session = Ask<ReaderSnapshot>(manager, new ToReader(id, GetStatus.Instance)).Session;
        var transaction = Ask<TransactionBegun>(manager, new ToReader(id, new BeginTransaction(TimeSpan.FromSeconds(5), "client A"))).Transaction;
        Send(manager, id, SelectApplication, transaction);
        Assert.Equal(0x9000, Send(manager, id, VerifyPin, transaction).StatusWord);
        Assert.Equal(0x9000, Send(manager, id, ReadSecretFile, transaction).StatusWord);

        Ask<TransactionEnded>(manager, new ToReader(id, new EndTransaction(transaction)));

        Send(manager, id, SelectApplication);
        Assert.Equal(SecurityStatusNotSatisfied, Send(manager, id, ReadSecretFile).StatusWord);
        var reset = ExpectEvent<CardReset>(e => e.ReaderId == id);
        Assert.Equal((session, CardResetReason.SecurityStateCleared), (reset.Session, reset.Reason));
    }

    [Fact]
    public void A_lone_VERIFY_is_answered_and_then_the_card_is_reset_at_once()
    {
        var (manager, id) = StartWithFileSystemCard();
        Send(manager, id, SelectApplication);

        Assert.Equal(0x9000, Send(manager, id, VerifyPin).StatusWord);

        Send(manager, id, SelectApplication);
        Assert.Equal(SecurityStatusNotSatisfied, Send(manager, id, ReadSecretFile).StatusWord);
        Assert.Equal(CardResetReason.SecurityStateCleared, ExpectEvent<CardReset>(e => e.ReaderId == id).Reason);
        Assert.Equal(ReaderState.Attached, Ask<ReaderSnapshot>(manager, new ToReader(id, GetStatus.Instance)).State);
    }

    [Fact]
    public void With_the_policy_switched_off_the_verified_PIN_stays_for_the_next_caller()
    {
        var (manager, id) = StartWithFileSystemCard(FastSettings with { Reader = FastSettings.Reader with { ResetAfterVerify = false } });
        var transaction = Ask<TransactionBegun>(manager, new ToReader(id, new BeginTransaction(TimeSpan.FromSeconds(5), "client A"))).Transaction;
        Send(manager, id, SelectApplication, transaction);
        Assert.Equal(0x9000, Send(manager, id, VerifyPin, transaction).StatusWord);
        Ask<TransactionEnded>(manager, new ToReader(id, new EndTransaction(transaction)));

        Assert.Equal(0x9000, Send(manager, id, ReadSecretFile).StatusWord);
    }

    private (IActorRef Manager, ReaderId Id) StartWithFileSystemCard(StationSettings? settings = null)
    {
        var manager = StartManager(settings);
        Pcsc.AddReader(Name).Insert(DefaultPersonalisation.Create());
        var id = ReaderId.FromReaderName(Name);
        ExpectEvent<CardAttached>(e => e.ReaderId == id);
        return (manager, id);
    }

    private Transmitted Send(IActorRef manager, ReaderId id, byte[] command, TransactionId? transaction = null) =>
        Ask<Transmitted>(manager, new ToReader(id, new Transmit(command, transaction)));
}
