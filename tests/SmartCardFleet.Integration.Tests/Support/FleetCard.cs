using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards;
using SmartCardFleet.VirtualCards.Fleet;
using SmartCardFleet.VirtualCards.Vpcd;

namespace SmartCardFleet.Integration.Tests.Support;

/// <summary>A virtual card inserted into one reader of the real fleet; removed again at dispose.</summary>
internal sealed class FleetCard : IAsyncDisposable
{
    public static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(10);

    private readonly IPcscApi _api;

    /// <summary>pcscd's event counter of the reader when the card was seen present (null when never checked).</summary>
    private readonly int? _insertedCounter;

    private FleetCard(IPcscApi api, VpcdReaderSlot reader, IVirtualCard card, VpcdCardClient client, int? insertedCounter)
    {
        _api = api;
        _insertedCounter = insertedCounter;
        Reader = reader;
        Card = card;
        Client = client;
    }

    public VpcdReaderSlot Reader { get; }

    public IVirtualCard Card { get; }

    public VpcdCardClient Client { get; }

    public string ReaderName => Reader.ReaderName;

    /// <summary>Connects the card to the slot and waits until pcscd reports it present.</summary>
    public static async Task<FleetCard> InsertAsync(IPcscApi api, VpcdReaderSlot reader, IVirtualCard card,
        bool keepInserted = false)
    {
        var client = new VpcdCardClient(card, new VpcdCardClientOptions { Port = reader.Port, KeepInserted = keepInserted });
        using var timeout = new CancellationTokenSource(StateTimeout);
        await client.InsertAsync(timeout.Token);
        using var context = PcscContext.Establish(api);
        var present = ReaderWatch.UntilPresent(context, reader.ReaderName, StateTimeout);
        return new FleetCard(api, reader, card, client, present.EventCounter);
    }

    /// <summary>Connects the card to the slot without waiting for pcscd (for cards that never read as present).</summary>
    public static async Task<FleetCard> InsertUncheckedAsync(IPcscApi api, VpcdReaderSlot reader, IVirtualCard card)
    {
        var client = new VpcdCardClient(card, new VpcdCardClientOptions { Port = reader.Port });
        using var timeout = new CancellationTokenSource(StateTimeout);
        await client.InsertAsync(timeout.Token);
        return new FleetCard(api, reader, card, client, insertedCounter: null);
    }

    /// <summary>
    /// Pulls the card and waits until pcscd's event thread has seen the reader empty (its event counter moved), so
    /// the next card in this slot is seen as a new insertion. EMPTY alone is not enough: after a card left
    /// mid-command, a failed Reconnect(RESET) marks the reader absent at once while pcscd's poller still believes
    /// the card present, and a card connected before the poller looks again is never reported.
    /// </summary>
    public async Task RemoveAsync()
    {
        await Client.RemoveAsync();
        using var context = PcscContext.Establish(_api);
        ReaderWatch.Until(context, ReaderName,
            e => e.EventFlags.HasFlag(ReaderStateFlags.Empty) && (_insertedCounter is null || e.EventCounter != _insertedCounter),
            StateTimeout, $"{ReaderName} to be empty after a removal pcscd has seen");
    }

    public async ValueTask DisposeAsync()
    {
        Card.Faults.Clear();
        await RemoveAsync();
    }
}
