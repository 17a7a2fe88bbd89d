using SmartCardFleet.Abstractions;
using SmartCardFleet.TestFixtures;

namespace BlockingProbe;

/// <summary>Matches only its own card (3B 88 80 01 "BLKPROBE"); its probe blocks synchronously and never returns.</summary>
public sealed class BlockingProbePlugin() : FixturePluginBase("BlockingProbe", BlockingFixture.ProbeCard, "none")
{
    public override Task<bool> ProbeAsync(ICardChannel channel, CancellationToken cancellationToken)
    {
        Thread.Sleep(Timeout.Infinite);
        return Task.FromResult(true);
    }
}
