using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Abstractions.Plugins;

namespace DriftedOperations;

/// <summary>Declares read-badge and beep; its session registers read-badge and erase.</summary>
public sealed class DriftedOperationsPlugin : CardPluginBase
{
    public DriftedOperationsPlugin()
        : base(new PluginManifest
        {
            Id = "org.smartcardfleet.test.drifted-operations",
            Name = "Operations drifted apart",
            Version = "1.0.0",
            SdkVersion = SdkInfo.Version,
            CardType = "Nothing",
            AtrPatterns = [AtrPattern.Any],
            Operations = [new OperationDescriptor("read-badge", "Reads the badge."), new OperationDescriptor("beep", "Beeps.")],
        })
    {
    }

    public override Task<ICardSession> OpenSessionAsync(ICardChannel channel, CancellationToken cancellationToken) =>
        Task.FromResult<ICardSession>(new DriftedSession(channel));

    private sealed class DriftedSession : Iso7816SessionBase
    {
        public DriftedSession(ICardChannel channel)
            : base(channel)
        {
            Operation("read-badge", (_, _) => Task.FromResult<JsonNode?>(null));
            Operation("erase", (_, _) => Task.FromResult<JsonNode?>(null));
        }
    }
}
