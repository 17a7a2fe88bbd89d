using SmartCardFleet.TestFixtures;

namespace CpuBurner;

/// <summary>Takes only its own card (3B 88 80 01 "CPUBURNR" with the fixture AID); "burn" spins a tight loop that never
/// yields and never looks at its cancellation token.</summary>
public sealed class CpuBurnerPlugin() : FixturePluginBase("CpuBurner", BlockingFixture.CpuBurnerCard, "burn")
{
    private static volatile bool s_released;

    /// <summary>The test's way out, called by reflection once it has proven what it needs: a burning thread would take
    /// a core from every later test in the process. Nothing the host does can stop the loop.</summary>
    public static void Release() => s_released = true;

    protected override void Misbehave()
    {
        var spins = 0L;
        while (!s_released)
        {
            spins++;
        }

        GC.KeepAlive(spins);
    }
}
