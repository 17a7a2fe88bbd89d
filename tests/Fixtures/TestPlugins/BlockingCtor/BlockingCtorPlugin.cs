using SmartCardFleet.TestFixtures;

namespace BlockingCtor;

/// <summary>Its constructor never returns: the host must reject the folder after its load timeout and load the others.</summary>
public sealed class BlockingCtorPlugin : FixturePluginBase
{
    public BlockingCtorPlugin()
        : base("BlockingCtor", BlockingFixture.MatchCard, "none") => Thread.Sleep(Timeout.Infinite);
}
