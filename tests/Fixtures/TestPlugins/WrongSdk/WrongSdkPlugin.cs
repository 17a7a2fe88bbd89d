using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Abstractions.Plugins;

namespace WrongSdk;

/// <summary>Implements the interface directly: CardPluginBase would refuse the manifest itself.</summary>
public sealed class WrongSdkPlugin : ICardPlugin
{
    public PluginManifest Manifest { get; } = new()
    {
        Id = "org.smartcardfleet.test.wrong-sdk",
        Name = "Built for another SDK",
        Version = "1.0.0",
        SdkVersion = "2.0.0",
        CardType = "Nothing",
        ProbeAids = [Aid.Parse("A000000001")],
    };

    public bool Match(Atr atr) => true;

    public Task<bool> ProbeAsync(ICardChannel channel, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task<ICardSession> OpenSessionAsync(ICardChannel channel, CancellationToken cancellationToken) => throw new NotSupportedException();
}
