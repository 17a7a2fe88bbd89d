using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Abstractions.Plugins;

namespace SmartCardFleet.TestFixtures;

/// <summary>The manifest every blocking fixture shares: its own exact ATR (<see cref="BlockingFixture.Atr"/>), the
/// fixture AID to probe for, "ping" and the one operation that misbehaves.</summary>
public abstract class FixturePluginBase(string name, string card, string misbehaving) : CardPluginBase(new PluginManifest
{
    Id = "org.smartcardfleet.test." + name.ToLowerInvariant(),
    Name = name + " test plugin",
    Version = "1.0.0",
    SdkVersion = SdkInfo.Version,
    CardType = "Test card " + card,
    AtrPatterns = [new AtrPattern(BlockingFixture.Atr(card))],
    ProbeAids = [new Aid(BlockingFixture.Aid)],
    Priority = 100,
    Operations =
    [
        new OperationDescriptor("ping", "Selects the fixture application."),
        new OperationDescriptor(misbehaving, "Misbehaves: blocks or spins, synchronously, ignoring cancellation."),
    ],
})
{
    /// <summary>The operation that misbehaves (the others' "ping" only).</summary>
    protected string Misbehaving { get; } = misbehaving;

    public override Task<ICardSession> OpenSessionAsync(ICardChannel channel, CancellationToken cancellationToken) =>
        Task.FromResult<ICardSession>(new FixtureSession(channel, Misbehaving, Misbehave));

    /// <summary>What the misbehaving operation does (nothing by default: the fixture misbehaves elsewhere).</summary>
    protected virtual void Misbehave()
    {
    }
}
