using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Cards;

namespace SmartCardFleet.Abstractions.Tests.Support;

/// <summary>
/// The test kit's <see cref="ScriptedCardChannel"/> with what only the SDK's own channel-layer tests need: every command
/// recorded as it arrives (even when the caller's token is already cancelled, so a spec proves the layer above checked
/// it), a hook after each exchange, the size of each TransmitBatchAsync call, and the interface's default batch.
/// </summary>
internal sealed class RecordingChannel : ICardChannel
{
    private readonly ScriptedCardChannel _script;
    private readonly List<byte[]> _sent = [];

    public RecordingChannel(string atr = "3B 02 14 50")
    {
        _script = new ScriptedCardChannel(atr);
    }

    public Atr Atr => _script.Atr;

    public ReaderInfo Reader => _script.Reader;

    public CancellationToken CardResetToken => _script.CardResetToken;

    public IReadOnlyList<byte[]> Sent => _sent;

    /// <summary>The size of each TransmitBatchAsync call, in order (single transmits are not listed).</summary>
    public List<int> Batches { get; } = [];

    public int Remaining => _script.Remaining;

    /// <summary>Invoked after each exchange, before the response is returned (to cancel mid-chain, for example).</summary>
    public Action<int>? AfterExchange { get; set; }

    /// <summary>This channel without its own batch method: the interface's default one-by-one implementation.</summary>
    public ICardChannel DefaultBatch => new WithoutBatch(this);

    public RecordingChannel Expect(string command, string response)
    {
        _script.Expect(command, response);
        return this;
    }

    public void SimulateReset() => _script.SimulateReset();

    public async Task<ResponseApdu> TransmitAsync(CommandApdu command, CancellationToken cancellationToken = default)
    {
        _sent.Add(command.ToBytes());
        var response = await _script.TransmitAsync(command, CancellationToken.None);
        AfterExchange?.Invoke(_sent.Count);
        return response;
    }

    /// <summary>Records the batch, then answers its commands from the script as the SDK's default does.</summary>
    public Task<IReadOnlyList<ResponseApdu>> TransmitBatchAsync(IReadOnlyList<CommandApdu> commands, CancellationToken cancellationToken = default)
    {
        Batches.Add(commands.Count);
        return DefaultBatch.TransmitBatchAsync(commands, cancellationToken);
    }

    private sealed class WithoutBatch(RecordingChannel inner) : ICardChannel
    {
        public Atr Atr => inner.Atr;

        public ReaderInfo Reader => inner.Reader;

        public CancellationToken CardResetToken => inner.CardResetToken;

        public Task<ResponseApdu> TransmitAsync(CommandApdu command, CancellationToken cancellationToken = default) =>
            inner.TransmitAsync(command, cancellationToken);
    }
}
