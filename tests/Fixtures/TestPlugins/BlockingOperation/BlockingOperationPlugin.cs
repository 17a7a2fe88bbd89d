using SmartCardFleet.TestFixtures;

namespace BlockingOperation;

/// <summary>Takes only its own card (3B 88 80 01 "BLKOPERA" with the fixture AID); "block" calls Thread.Sleep(Infinite)
/// synchronously in ExecuteAsync, before any await.</summary>
public sealed class BlockingOperationPlugin() : FixturePluginBase("BlockingOperation", BlockingFixture.OperationCard, "block")
{
    protected override void Misbehave() => Thread.Sleep(Timeout.Infinite);
}
