using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards.FileSystem;
using SmartCardFleet.VirtualCards.Simulation;

namespace SmartCardFleet.VirtualCards.Tests.Simulation;

/// <summary>One simulated PC/SC with one reader, plus helpers to run blocking calls on their own threads.</summary>
public abstract class SimulatedPcscTestBase
{
    protected const string ReaderName = "Simulated Reader 00 00";

    protected SimulatedPcscTestBase()
    {
        Reader = Pcsc.AddReader(ReaderName);
    }

    protected SimulatedPcsc Pcsc { get; } = new();
    protected SimulatedReader Reader { get; }
    protected Iso7816FileSystemCard Card { get; } = DefaultPersonalisation.Create();

    protected nint NewContext()
    {
        Assert.Equal(PcscError.Success, Pcsc.EstablishContext(PcscScope.User, out var context));
        return context;
    }

    protected nint Connect(nint context, ShareMode shareMode = ShareMode.Shared)
    {
        Assert.Equal(PcscError.Success, Pcsc.Connect(context, ReaderName, shareMode, CardProtocol.Any, out var card, out _));
        return card;
    }

    protected (PcscError Error, string Response) Send(nint card, string apdu)
    {
        var buffer = new byte[258];
        var error = Pcsc.Transmit(card, CardProtocol.T1, Hex.Bytes(apdu), buffer, out int received);
        return (error, Hex.Of(buffer[..received]));
    }

    /// <summary>Current state of the reader as a fresh UNAWARE query reports it.</summary>
    protected ReaderStateEntry Snapshot(nint context)
    {
        var entry = new ReaderStateEntry(ReaderName);
        Assert.Equal(PcscError.Success, Pcsc.GetStatusChange(context, TimeSpan.Zero, [entry]));
        return entry;
    }

    /// <summary>Runs a blocking PC/SC call on a dedicated thread, as reader actors do.</summary>
    protected static Task<T> OnOwnThread<T>(Func<T> call) =>
        Task.Factory.StartNew(call, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    protected static Task<T> Within<T>(Task<T> task) => task.WaitAsync(Eventually.DefaultDeadline);

    /// <summary>Starts <paramref name="wait"/> on its own thread, runs <paramref name="act"/> once the wait is blocked,
    /// and returns what the wait answered.</summary>
    protected async Task<PcscError> WaitBlockedThen(Func<PcscError> wait, Action act)
    {
        var before = Pcsc.BlockedStatusWaits;
        var pending = OnOwnThread(wait);
        await Eventually.True(() => Pcsc.BlockedStatusWaits > before, "the wait is blocked");
        act();
        return await Within(pending);
    }
}
