using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Abstractions.Plugins;

namespace ThrowingCtor;

public sealed class ThrowingCtorPlugin : ICardPlugin
{
    public ThrowingCtorPlugin() => throw new InvalidOperationException("fixture: this constructor always fails");

    public PluginManifest Manifest => throw new NotSupportedException();

    public bool Match(Atr atr) => false;

    public Task<bool> ProbeAsync(ICardChannel channel, CancellationToken cancellationToken) => Task.FromResult(false);

    public Task<ICardSession> OpenSessionAsync(ICardChannel channel, CancellationToken cancellationToken) => throw new NotSupportedException();
}
