using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Cards;

namespace SmartCardFleet.Abstractions.Tests.Support;

/// <summary>
/// A card channel that answers from a script of (expected command hex, response hex) steps and records what was
/// sent. An unexpected command fails the test with both APDUs in the message.
/// </summary>
internal sealed class ScriptedCardChannel : ICardChannel
{
    private readonly Queue<(string Command, string Response)> _script = new();
    private CancellationTokenSource _reset = new();

    public ScriptedCardChannel(string atr = "3B 02 14 50")
    {
        Atr = Atr.Parse(atr);
    }

    public Atr Atr { get; }

    public ReaderInfo Reader { get; } = new("reader-1", "Scripted Reader 00 00");

    public CancellationToken CardResetToken => _reset.Token;

    public List<byte[]> Sent { get; } = [];

    /// <summary>The size of each TransmitBatchAsync call, in order (single transmits are not listed).</summary>
    public List<int> Batches { get; } = [];

    public int Remaining => _script.Count;

    /// <summary>Invoked after each exchange, before the response is returned (to cancel mid-chain, for example).</summary>
    public Action<int>? AfterExchange { get; set; }

    public ScriptedCardChannel Expect(string command, string response)
    {
        _script.Enqueue((command, response));
        return this;
    }

    public void SimulateReset()
    {
        var old = _reset;
        _reset = new CancellationTokenSource();
        old.Cancel();
        old.Dispose();
    }

    public Task<ResponseApdu> TransmitAsync(CommandApdu command, CancellationToken cancellationToken = default)
    {
        var bytes = command.ToBytes();
        Sent.Add(bytes);
        if (_script.Count == 0)
        {
            throw new InvalidOperationException($"Unexpected command {Hex.Format(bytes, ' ')}: the script is exhausted.");
        }

        var (expected, response) = _script.Dequeue();
        var expectedBytes = Hex.Parse(expected);
        if (!expectedBytes.AsSpan().SequenceEqual(bytes))
        {
            throw new InvalidOperationException(
                $"Expected command {Hex.Format(expectedBytes, ' ')} but got {Hex.Format(bytes, ' ')}.");
        }

        AfterExchange?.Invoke(Sent.Count);
        return Task.FromResult(ResponseApdu.Parse(Hex.Parse(response)));
    }

    /// <summary>Records the batch, then answers its commands from the script as the SDK's default does.</summary>
    public Task<IReadOnlyList<ResponseApdu>> TransmitBatchAsync(IReadOnlyList<CommandApdu> commands, CancellationToken cancellationToken = default)
    {
        Batches.Add(commands.Count);
        return DefaultBatch.TransmitBatchAsync(commands, cancellationToken);
    }

    /// <summary>This channel without its own batch method: the interface's default one-by-one implementation.</summary>
    public ICardChannel DefaultBatch => new WithoutBatch(this);

    private sealed class WithoutBatch(ScriptedCardChannel inner) : ICardChannel
    {
        public Atr Atr => inner.Atr;

        public ReaderInfo Reader => inner.Reader;

        public CancellationToken CardResetToken => inner.CardResetToken;

        public Task<ResponseApdu> TransmitAsync(CommandApdu command, CancellationToken cancellationToken = default) =>
            inner.TransmitAsync(command, cancellationToken);
    }
}
