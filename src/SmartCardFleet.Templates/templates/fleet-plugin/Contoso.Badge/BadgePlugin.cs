using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Plugins;

namespace Contoso.Badge;

/// <summary>
/// Contoso.Badge cards: accepted when the badge application answers SELECT (the default probe of
/// <see cref="CardPluginBase"/> selects <see cref="ApplicationId"/>). No ATR pattern: any ATR, the probe decides.
/// </summary>
public sealed class BadgePlugin : CardPluginBase
{
    /// <summary>The badge application's AID.</summary>
    public static readonly Aid ApplicationId = Aid.Parse("F0 43 4F 4E 54 4F 53 4F 01");

    public BadgePlugin()
        : base(new PluginManifest
        {
            Id = "contoso.badge",
            Name = "Contoso.Badge",
            Version = PluginVersion.Of(typeof(BadgePlugin)),
            SdkVersion = SdkInfo.Version,
            CardType = "Contoso.Badge",
            ProbeAids = [ApplicationId],
            Operations = BadgeOperations.All,
        })
    {
    }

    public override Task<ICardSession> OpenSessionAsync(ICardChannel channel, CancellationToken cancellationToken) =>
        Task.FromResult<ICardSession>(new BadgeSession(channel, Manifest.ResponseHandling));
}
