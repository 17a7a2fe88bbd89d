using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Abstractions.Plugins;

namespace SmartCardFleet.Plugins.Iso7816;

/// <summary>
/// The fallback for any card no specific plugin takes: plain ISO/IEC 7816-4 commands (SELECT, READ BINARY, READ
/// RECORD, GET DATA). It matches every ATR with the wildcard <see cref="AtrPattern.Any"/> (specificity 0) and the lowest
/// priority, so every other candidate is tried first.
/// </summary>
public sealed class Iso7816Plugin : CardPluginBase
{
    public const string PluginId = "org.smartcardfleet.iso7816";

    public Iso7816Plugin()
        : base(CreateManifest())
    {
    }

    public override Task<ICardSession> OpenSessionAsync(ICardChannel channel, CancellationToken cancellationToken) =>
        Task.FromResult<ICardSession>(new Iso7816Session(channel, Manifest.ResponseHandling));

    private static PluginManifest CreateManifest() => new()
    {
        Id = PluginId,
        Name = "Generic ISO/IEC 7816-4 card",
        Version = PluginVersion.Of(typeof(Iso7816Plugin)),
        SdkVersion = SdkInfo.Version,
        CardType = "ISO/IEC 7816-4",
        AtrPatterns = [AtrPattern.Any],
        Priority = int.MinValue,
        Operations = Iso7816Operations.All,
    };
}
