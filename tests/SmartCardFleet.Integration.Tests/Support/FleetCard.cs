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

    private FleetCard(IPcscApi api, VpcdReaderSlot reader, IVirtualCard card, VpcdCardClient client)
    {
        _api = api;
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
        ReaderWatch.UntilPresent(context, reader.ReaderName, StateTimeout);
        return new FleetCard(api, reader, card, client);
    }

    /// <summary>Connects the card to the slot without waiting for pcscd (for cards that never read as present).</summary>
    public static async Task<FleetCard> InsertUncheckedAsync(IPcscApi api, VpcdReaderSlot reader, IVirtualCard card)
    {
        var client = new VpcdCardClient(card, new VpcdCardClientOptions { Port = reader.Port });
        using var timeout = new CancellationTokenSource(StateTimeout);
        await client.InsertAsync(timeout.Token);
        return new FleetCard(api, reader, card, client);
    }

    /// <summary>Pulls the card and waits until pcscd reports the reader empty, so the next test finds it empty.</summary>
    public async Task RemoveAsync()
    {
        await Client.RemoveAsync();
        using var context = PcscContext.Establish(_api);
        ReaderWatch.UntilEmpty(context, ReaderName, StateTimeout);
    }

    public async ValueTask DisposeAsync()
    {
        Card.Faults.Clear();
        await RemoveAsync();
    }
}
