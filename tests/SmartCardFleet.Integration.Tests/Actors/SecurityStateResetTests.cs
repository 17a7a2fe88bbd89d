using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Integration.Tests.Actors.Support;
using SmartCardFleet.Integration.Tests.RealFleet;
using SmartCardFleet.VirtualCards.Cards.FileSystem;
using Xunit.Abstractions;

namespace SmartCardFleet.Integration.Tests.Actors;

/// <summary>Issue 10, "card security state leaks between callers", on the real fleet: client A verifies PIN 01 of
/// the iso7816-fs card inside its transaction; client B, after it, must not read EF 5002 (docs/security.md).</summary>
[Collection(RealFleetCollection.Name)]
public sealed class SecurityStateResetTests(RealFleetFixture fixture, ITestOutputHelper output) : StationSpec(fixture, output)
{
    private const ushort SecurityStatusNotSatisfied = 0x6982;

    private static readonly byte[] SelectApplication = [0x00, 0xA4, 0x04, 0x0C, 0x08, .. DefaultPersonalisation.ApplicationId];
    private static readonly byte[] VerifyPin = [0x00, 0x20, 0x00, DefaultPersonalisation.PinReference, 0x04, .. DefaultPersonalisation.Pin];
    private static readonly byte[] ReadSecretFile = [0x00, 0xB0, 0x82, 0x00, 0x00];

    [Fact]
    public async Task After_client_A_verified_in_its_transaction_client_B_reads_the_protected_file_with_6982()
    {
        var manager = StartStation();
        var reader = IdOf(9);
        await using var inserted = await InsertAsync(9, DefaultPersonalisation.Create());
        ExpectEvent<CardAttached>(reader);

        var transaction = Request<TransactionBegun>(manager, reader, new BeginTransaction(TimeSpan.FromSeconds(10), "client A")).Transaction;
        Assert.Equal(0x9000, Request<Transmitted>(manager, reader, new Transmit(SelectApplication, transaction)).StatusWord);
        Assert.Equal(0x9000, Request<Transmitted>(manager, reader, new Transmit(VerifyPin, transaction)).StatusWord);
        var read = Request<Transmitted>(manager, reader, new Transmit(ReadSecretFile, transaction));
        Assert.Equal(0x9000, read.StatusWord);
        Assert.StartsWith(DefaultPersonalisation.SecretText, System.Text.Encoding.ASCII.GetString(read.Data), StringComparison.Ordinal);
        Request<TransactionEnded>(manager, reader, new EndTransaction(transaction));

        Assert.Equal(0x9000, Request<Transmitted>(manager, reader, new Transmit(SelectApplication)).StatusWord);
        Assert.Equal(SecurityStatusNotSatisfied, Request<Transmitted>(manager, reader, new Transmit(ReadSecretFile)).StatusWord);
        Assert.Equal(CardResetReason.SecurityStateCleared, ExpectEvent<CardReset>(reader).Reason);
        Assert.Equal(ReaderState.Attached, Request<ReaderSnapshot>(manager, reader, GetStatus.Instance).State);
    }
}
