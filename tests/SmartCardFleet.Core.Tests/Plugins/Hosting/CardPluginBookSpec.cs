using Akka.Actor;
using Microsoft.Extensions.Logging.Abstractions;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Plugins.Hosting;
using SmartCardFleet.Core.Plugins.Loading;
using SmartCardFleet.Core.Plugins.Sessions;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Core.Tests.Plugins.Hosting;

/// <summary>Base of the <see cref="CardPluginBook"/> specs: a registry, the book over it, and cards that all share one
/// ATR, without an actor.</summary>
public abstract class CardPluginBookSpec
{
    protected static readonly byte[] AtrBytes = [0x3B, 0x02, 0x14, 0x50];
    protected static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    protected CardPluginBookSpec(PluginHostSettings settings)
    {
        Book = new CardPluginBook(Registry, settings, NullLogger.Instance);
    }

    private protected PluginRegistry Registry { get; } = new();

    private protected CardPluginBook Book { get; }

    private protected LoadedPlugin Activate(LoadedPlugin plugin)
    {
        Registry.Activate(plugin);
        return plugin;
    }

    private protected static CardEntry Card() =>
        new(ReaderId.FromReaderName($"Reader {Guid.NewGuid():N}"), new SessionId(Guid.NewGuid()), AtrBytes, Atr.Parse(AtrBytes), ActorRefs.Nobody);

    /// <summary>A new card, identified by <paramref name="plugin"/> after a probe.</summary>
    private protected CardEntry IdentifiedBy(LoadedPlugin plugin)
    {
        var card = Card();
        Book.Identify(card);
        Book.Identified(card, Report(card, plugin), Now);
        Assert.Same(plugin, card.Plugin);
        return card;
    }

    /// <summary>The card actor's report; <paramref name="cacheable"/> as for an ATR-only decision (an override).</summary>
    private protected static IdentificationReport Report(CardEntry card, LoadedPlugin? plugin, bool cacheable = false) =>
        new(card.ReaderId, card.Session, card.Atr, plugin, false, cacheable, plugin is null ? "no plugin accepted the card" : null);
}
