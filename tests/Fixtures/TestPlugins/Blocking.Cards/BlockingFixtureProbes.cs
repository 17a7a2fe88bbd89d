using Akka.TestKit;

namespace SmartCardFleet.TestFixtures.Cards;

/// <summary>What the blocking-fixture tests of both test projects share besides the card.</summary>
internal static class BlockingFixtureProbes
{
    /// <summary>A probe that gets every event of type <typeparamref name="T"/>, apart from the other events (fishing for
    /// those on a shared probe would throw a quarantine away).</summary>
    public static TestProbe EventsOf<T>(this TestKitBase kit)
    {
        var probe = kit.CreateTestProbe();
        kit.Sys.EventStream.Subscribe(probe.Ref, typeof(T));
        return probe;
    }

    /// <summary>Ends every CpuBurner loop in the process (the fixture's test-only way out), so later tests get the core
    /// back: nothing the host does can stop the loop.</summary>
    public static void ReleaseCpuBurners()
    {
        foreach (var assembly in System.Runtime.Loader.AssemblyLoadContext.All.SelectMany(c => c.Assemblies).Where(a => a.GetName().Name == "CpuBurner"))
        {
            assembly.GetType("CpuBurner.CpuBurnerPlugin")?.GetMethod("Release")?.Invoke(null, null);
        }
    }
}
