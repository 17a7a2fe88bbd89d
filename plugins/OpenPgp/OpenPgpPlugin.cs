using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Plugins;

namespace SmartCardFleet.Plugins.OpenPgp;

/// <summary>
/// OpenPGP cards (OpenPGP Smart Card Application 2.x/3.x). ATRs differ per vendor, so the probe decides: SELECT by
/// the partial AID D2 76 00 01 24 01 (RID + application), which every OpenPGP card answers whatever its serial.
/// </summary>
public sealed class OpenPgpPlugin : CardPluginBase
{
    public const string PluginId = "org.smartcardfleet.openpgp";

    public OpenPgpPlugin()
        : base(CreateManifest())
    {
    }

    public override Task<ICardSession> OpenSessionAsync(ICardChannel channel, CancellationToken cancellationToken) =>
        Task.FromResult<ICardSession>(new OpenPgpSession(channel, Manifest.ResponseHandling));

    private static PluginManifest CreateManifest() => new()
    {
        Id = PluginId,
        Name = "OpenPGP card",
        Version = PluginVersion.Of(typeof(OpenPgpPlugin)),
        SdkVersion = SdkInfo.Version,
        CardType = "OpenPGP card",
        ProbeAids = [Aid.Parse(OpenPgpSession.ApplicationId)],
        Priority = 10,
        Operations = OpenPgpOperations.All,
    };
}
