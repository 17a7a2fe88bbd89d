using Microsoft.Extensions.Options;
using SmartCardFleet.Host.Configuration;
using SmartCardFleet.VirtualCards.Simulation;

namespace SmartCardFleet.Host.Simulation;

/// <summary>
/// Makes a simulated fleet look alive: fills half of the readers at start, with the shipped card types in turn so a
/// fleet of 8 readers or more shows every plugin at work from the first second, then now and then pulls a card or
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
            var readers = pcsc.Readers;
            var filled = readers.OrderBy(_ => random.Next()).Take((readers.Count + 1) / 2)
                .OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
            var next = random.Next(VirtualCardCatalog.Types.Count);
            foreach (var reader in filled)
            {
                Insert(reader, VirtualCardCatalog.Types[next++ % VirtualCardCatalog.Types.Count], random);
            }
        }

        if (simulation.ChurnInterval <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            if (simulation.ChurnInterval >= ShortestWait)
            {
                await ChurnAsync(simulation.ChurnInterval, random, stoppingToken);
            }
            else
            {
                LogFastChurn(TimeSpan.FromSeconds(1) / simulation.ChurnInterval);
                await ChurnFastAsync(simulation.ChurnInterval, random, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host is stopping.
        }
    }

    /// <summary>Below this mean interval one timer wait per step cannot keep up (timers tick about once a millisecond at
    /// best), so the steps are made in groups instead (<see cref="ChurnFastAsync"/>).</summary>
    private static readonly TimeSpan ShortestWait = TimeSpan.FromMilliseconds(10);

    /// <summary>Most steps one tick makes: a tick that came very late (a stalled machine) does not unleash a storm.</summary>
    private const int MostStepsPerTick = 1_000;

    private async Task ChurnAsync(TimeSpan interval, Random random, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            // Uniform in [0.5, 1.5) × the mean so events do not tick like a metronome.
            await Task.Delay(interval * (0.5 + random.NextDouble()), stoppingToken);
            Step(random, log: true);
        }
    }

    /// <summary>The load generator of the benches (e.g. Station:Simulation:ChurnInterval 00:00:00.0005 = 2,000 steps/s):
    /// every tick makes the steps that fell due since the last one, without a log line per card (at thousands per second
    /// the log would cost more than the cards).</summary>
    private async Task ChurnFastAsync(TimeSpan interval, Random random, CancellationToken stoppingToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long done = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(1), stoppingToken);
            var due = (long)(clock.Elapsed / interval);
            for (var i = 0; done < due && i < MostStepsPerTick; i++, done++)
            {
                Step(random, log: false);
            }

            done = due;
        }
    }

    /// <summary>Pulls the card of a random reader, or inserts a fresh card of a random shipped type into an empty one.</summary>
    private void Step(Random random, bool log)
    {
        var readers = pcsc.Readers;
        var reader = readers[random.Next(readers.Count)];
        if (reader.Card is null)
        {
            Insert(reader, VirtualCardCatalog.Types[random.Next(VirtualCardCatalog.Types.Count)], random, log);
        }
        else
        {
            reader.Remove();
            if (log)
            {
                LogRemoved(reader.Name);
            }
        }
    }

    private void Insert(SimulatedReader reader, string type, Random random, bool log = true)
    {
        var uid = new byte[4];
        random.NextBytes(uid);
        uid[0] = 0x04;
        reader.Insert(VirtualCardCatalog.Create(type, uid));
        if (log)
        {
            LogInserted(type, reader.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulation: inserted a {CardType} card into {Reader}")]
    private partial void LogInserted(string cardType, string reader);

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulation: removed the card from {Reader}")]
    private partial void LogRemoved(string reader);

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulation: churn at about {StepsPerSecond:0} insertions/removals per second, without a log line per card")]
    private partial void LogFastChurn(double stepsPerSecond);
}
