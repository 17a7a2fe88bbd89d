using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.TestFixtures;

namespace BlockingMatch;

/// <summary>Match never returns for its own card (3B 88 80 01 "BLKMATCH"); for every other ATR it says no at once.</summary>
public sealed class BlockingMatchPlugin() : FixturePluginBase("BlockingMatch", BlockingFixture.MatchCard, "none")
{
    public override bool Match(Atr atr)
    {
        if (base.Match(atr))
        {
            Thread.Sleep(Timeout.Infinite);
        }

        return false;
    }
}
