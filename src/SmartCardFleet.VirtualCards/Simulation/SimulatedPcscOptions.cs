namespace SmartCardFleet.VirtualCards.Simulation;

/// <summary>Knobs of the simulated resource manager.</summary>
public sealed class SimulatedPcscOptions
{
    /// <summary>False to start with the service down (EstablishContext fails with NoService until StartService).</summary>
    public bool ServiceRunning { get; init; } = true;

    /// <summary>pcsc-lite before 2.5.0 serves 16 slots; the default is unlimited so fleets of 1,000+ readers work.</summary>
    public int MaxReaders { get; init; } = int.MaxValue;

    /// <summary>pcscd caps contexts at 200 (then EstablishContext fails with NoMemory); unlimited by default.</summary>
    public int MaxContexts { get; init; } = int.MaxValue;
}
