using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Plugins;

namespace SmartCardFleet.Plugins.Ndef;

/// <summary>
/// NFC Forum Type 4 Tags: the NDEF application (AID D2 76 00 00 85 01 01) with its capability container (E103)
/// and NDEF file. ATRs of ISO 14443-4 cards vary, so the probe (SELECT of the NDEF application) decides.
/// </summary>
public sealed class NdefPlugin : CardPluginBase
{
    public const string PluginId = "org.smartcardfleet.ndef";

    public NdefPlugin()
        : base(CreateManifest())
    {
    }

    public override Task<ICardSession> OpenSessionAsync(ICardChannel channel, CancellationToken cancellationToken) =>
        Task.FromResult<ICardSession>(new NdefSession(channel, Manifest.ResponseHandling));

    private static PluginManifest CreateManifest() => new()
    {
        Id = PluginId,
        Name = "NFC Forum Type 4 Tag (NDEF)",
        Version = PluginVersion.Of(typeof(NdefPlugin)),
        SdkVersion = SdkInfo.Version,
        CardType = "NFC Forum Type 4 Tag",
        ProbeAids = [Aid.Parse(NdefSession.ApplicationId)],
        Priority = 10,
        Operations = NdefOperations.All,
    };
}
