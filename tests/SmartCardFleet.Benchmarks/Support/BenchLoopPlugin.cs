using System.Diagnostics;
using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Abstractions.Plugins;

namespace SmartCardFleet.Benchmarks.Support;

/// <summary>
/// The plugin of figure 1 (c) and 3: it claims the storage card by its exact ATR, probes it with one GET DATA (UID)
/// like a real UID plugin, and offers "transmit-loop", which sends GET DATA <c>count</c> times through the host's
/// channel and returns each exchange's duration as the plugin sees it (the channel's round trip, without the
/// operation's own transaction and routing, which are paid once per operation).
/// </summary>
public sealed class BenchLoopPlugin : ICardPlugin
{
    public const string Id = "org.smartcardfleet.bench-loop";
    public const string Operation = "transmit-loop";

    public static readonly CommandApdu GetUid = new(0xFF, 0xCA, 0x00, 0x00, ne: 256);

    public PluginManifest Manifest { get; } = new()
    {
        Id = Id,
        Name = "Benchmark loop",
        Version = "1.0.0",
        SdkVersion = SdkInfo.Version,
        CardType = "bench-storage",
        AtrPatterns = [new AtrPattern(BenchCards.StorageAtr.Span)],
        Priority = 1000,
        Operations =
        [
            new(Operation, "Sends GET DATA (UID) count times and returns each exchange's duration in microseconds.")
            {
                Arguments = new Dictionary<string, OperationField> { ["count"] = new(FieldType.Integer, "Exchanges, 1-100000.") },
                Result = new Dictionary<string, OperationField> { ["micros"] = new(FieldType.Array, "Duration of each exchange.") },
            },
        ],
    };

    public bool Match(Atr atr) => Manifest.AtrPatterns.Any(p => p.Matches(atr));

    public async Task<bool> ProbeAsync(ICardChannel channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return (await channel.TransmitAsync(GetUid, cancellationToken)).IsSuccess;
    }

    public Task<ICardSession> OpenSessionAsync(ICardChannel channel, CancellationToken cancellationToken) =>
        Task.FromResult<ICardSession>(new Session(channel));

    private sealed class Session(ICardChannel channel) : ICardSession
    {
        public async Task<JsonNode?> ExecuteAsync(string operation, JsonObject arguments, CancellationToken cancellationToken)
        {
            if (operation != Operation)
            {
                throw new CardOperationException(CardOperationError.UnknownOperation, $"unknown operation {operation}");
            }

            var count = arguments["count"]?.GetValue<int>() ?? 1;
            var micros = new JsonArray();
            for (var i = 0; i < count; i++)
            {
                var start = Stopwatch.GetTimestamp();
                var response = await channel.TransmitAsync(GetUid, cancellationToken);
                micros.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
                if (!response.IsSuccess)
                {
                    throw new CardOperationException(CardOperationError.CardError, $"GET DATA answered {response.StatusWord}");
                }
            }

            return new JsonObject { ["micros"] = micros };
        }

        public Task OnCardResetAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
