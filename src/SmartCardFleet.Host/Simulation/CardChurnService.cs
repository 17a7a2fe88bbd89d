using Microsoft.Extensions.Options;
using SmartCardFleet.Host.Configuration;
using SmartCardFleet.VirtualCards.Simulation;

namespace SmartCardFleet.Host.Simulation;

/// <summary>
/// Makes a simulated fleet look alive: fills about half of the readers at start, then now and then pulls a card or
/// inserts a fresh one of a random shipped type. Seedable (Station:Simulation:Seed) so a demo or a bug repeats.
/// Only touches the simulator's "hands" API (insert/remove), never PC/SC handles, so the ThreadPool is fine here.
/// </summary>
public sealed partial class CardChurnService(SimulatedPcsc pcsc, IOptions<StationOptions> options, ILogger<CardChurnService> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var simulation = options.Value.Simulation;
        var random = simulation.Seed is { } seed ? new Random(seed) : new Random();
        if (simulation.FillAtStart)
        {
            foreach (var reader in pcsc.Readers.Where(_ => random.NextDouble() < 0.5))
            {
                Insert(reader, random);
            }
        }

        if (simulation.ChurnInterval <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Uniform in [0.5, 1.5) × the mean so events do not tick like a metronome.
                await Task.Delay(simulation.ChurnInterval * (0.5 + random.NextDouble()), stoppingToken);
                var readers = pcsc.Readers;
                var reader = readers[random.Next(readers.Count)];
                if (reader.Card is null)
                {
                    Insert(reader, random);
                }
                else
                {
                    reader.Remove();
                    LogRemoved(reader.Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host is stopping.
        }
    }

    private void Insert(SimulatedReader reader, Random random)
    {
        var type = VirtualCardCatalog.Types[random.Next(VirtualCardCatalog.Types.Count)];
        var uid = new byte[4];
        random.NextBytes(uid);
        uid[0] = 0x04;
        reader.Insert(VirtualCardCatalog.Create(type, uid));
        LogInserted(type, reader.Name);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulation: inserted a {CardType} card into {Reader}")]
    private partial void LogInserted(string cardType, string reader);

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulation: removed the card from {Reader}")]
    private partial void LogRemoved(string reader);
}
