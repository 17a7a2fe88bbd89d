using Akka.Actor;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins.Loading;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Core.Plugins.Hosting;

/// <summary>One attached card as the plugin host tracks it: its session actor, and the plugin that took it (null while
/// identifying or when none did).</summary>
internal sealed class CardEntry(ReaderId readerId, SessionId session, byte[] atr, Atr parsedAtr, IActorRef actor)
{
    public ReaderId ReaderId { get; } = readerId;

    public SessionId Session { get; } = session;

    public byte[] Atr { get; } = atr;

    public Atr ParsedAtr { get; } = parsedAtr;

    public IActorRef Actor { get; } = actor;

    public LoadedPlugin? Plugin { get; set; }

    public bool Identifying { get; set; }

    /// <summary><see cref="PluginRegistry.Loads"/> when the card was last ranked: a plugin loaded after it may take the
    /// card from a less specific holder. A number, not the plugins themselves, so a card never keeps a replaced
    /// version's load context alive.</summary>
    public long RankedAtLoad { get; set; }

    /// <summary>Plugins were loaded or reloaded while the card was being identified: its candidates are out of date.</summary>
    public bool ReloadedWhileIdentifying { get; set; }

    /// <summary>What was last published about the card (null: nothing yet), so identifying it again publishes only a
    /// change.</summary>
    public CardVerdict? Announced { get; set; }
}

/// <summary>A card's identification as published: the plugin that holds it, or null for unidentified.</summary>
internal readonly record struct CardVerdict(string? PluginId);

/// <summary>
/// The plugin host's card-session table, used only from the host actor: one entry per reader with an attached card,
/// the readers' names (for the plugins' <see cref="ReaderInfo"/>), and the incarnation counter that keeps card actor
/// names unique when a card comes back before its old actor has stopped.
/// </summary>
internal sealed class CardTable
{
    private readonly Dictionary<ReaderId, CardEntry> _cards = [];
    private readonly Dictionary<ReaderId, string> _names = [];
    private int _incarnation;

    public IEnumerable<CardEntry> Entries => _cards.Values;

    public void RememberName(ReaderId? id, string name)
    {
        if (id is { } readerId)
        {
            _names[readerId] = name;
        }
    }

    public ReaderInfo Reader(ReaderId id) => new(id.Value, _names.GetValueOrDefault(id, id.Value));

    /// <summary>A unique child name for the next card actor of <paramref name="id"/>.</summary>
    public string NextActorName(ReaderId id) => $"card-{id.Value}-{++_incarnation}";

    public bool Holds(ReaderId id) => _cards.ContainsKey(id);

    /// <summary>The card of this session is already tracked (a repeated CardAttached or listing changes nothing).</summary>
    public bool Holds(ReaderId id, SessionId session) => _cards.TryGetValue(id, out var entry) && entry.Session == session;

    public CardEntry? Find(ReaderId id) => _cards.GetValueOrDefault(id);

    /// <summary>The entry of <paramref name="id"/> when it belongs to <paramref name="session"/> (any session when null).</summary>
    public CardEntry? Find(ReaderId id, SessionId? session) => Find(id) is { } entry && (session is null || entry.Session == session) ? entry : null;

    public void Add(CardEntry entry) => _cards[entry.ReaderId] = entry;

    /// <summary>Removes and returns the entry of <paramref name="id"/> when it belongs to <paramref name="session"/>
    /// (any session when null).</summary>
    public CardEntry? Remove(ReaderId id, SessionId? session)
    {
        var entry = Find(id, session);
        if (entry is not null)
        {
            _cards.Remove(id);
        }

        return entry;
    }

    /// <summary>Removes and returns the entry whose actor is <paramref name="actor"/>.</summary>
    public CardEntry? RemoveActor(IActorRef actor)
    {
        var entry = _cards.Values.FirstOrDefault(e => e.Actor.Equals(actor));
        return entry is null ? null : Remove(entry.ReaderId, null);
    }

    public CardIdentification Identification(ReaderId id) => Find(id) is { } entry
        ? new CardIdentification(id, true, entry.Plugin?.Id, entry.Plugin?.Version, entry.Plugin?.Manifest.CardType)
        : new CardIdentification(id, false, null, null, null);
}
