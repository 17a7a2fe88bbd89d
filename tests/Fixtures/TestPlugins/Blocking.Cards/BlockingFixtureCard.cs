using SmartCardFleet.TestFixtures;
using SmartCardFleet.VirtualCards.Cards;
using SmartCardFleet.VirtualCards.Cards.FileSystem;

namespace SmartCardFleet.TestFixtures.Cards;

/// <summary>The virtual card a blocking fixture plugin takes: the fixture's own ATR (<see cref="BlockingFixture.Atr"/>)
/// and one application, the fixture AID, that answers SELECT with 90 00. Compiled into the test projects only.</summary>
internal static class BlockingFixtureCard
{
    public static IVirtualCard Create(string name)
    {
        var masterFile = new DedicatedFile(0x3F00);
        masterFile.Add(new DedicatedFile(0x5000, BlockingFixture.Aid));
        return new Iso7816FileSystemCard("blocking fixture " + name, BlockingFixture.Atr(name), masterFile,
            new Dictionary<byte, PinSlot>(), new Dictionary<ushort, byte[]>());
    }
}
