using System.Collections.Immutable;
using Akka.Actor;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Fleet;

/// <summary>
/// What a manager knows about its readers: which actor serves which reader, the monitor's view of the cards (for
/// FindCard), the attachments to restore after service recovery and the clients' auto-attach choices (kept across
/// recovery, dropped on unplug). Plain; the manager owns it.
/// </summary>
internal sealed class ReaderTable
{
    private readonly Dictionary<ReaderId, ReaderEntry> _readers = [];
    private readonly Dictionary<string, ReaderId> _idsByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (byte[] Atr, bool Mute)> _cards = new(StringComparer.Ordinal);
    private readonly Dictionary<ReaderId, (ShareMode ShareMode, CardProtocol Protocols)> _attached = [];
    private readonly Dictionary<ReaderId, bool> _autoAttachChoices = [];

    public IEnumerable<ReaderEntry> Entries => _readers.Values;

    public int Count => _readers.Count;

    public bool Contains(string name) => _idsByName.ContainsKey(name);

    public IEnumerable<string> Names => _idsByName.Keys;

    public ReaderEntry? Find(ReaderId id) => _readers.GetValueOrDefault(id);

    public ReaderEntry? FindByName(string name) => _idsByName.TryGetValue(name, out var id) ? _readers[id] : null;

    public ReaderEntry? FindByActor(IActorRef actor) => _readers.Values.FirstOrDefault(e => e.Actor.Equals(actor));

    /// <summary>The id for a new reader: its slug, disambiguated when another reader's name slugs the same.</summary>
    public ReaderId NewId(string name)
    {
        var id = ReaderId.FromReaderName(name);
        return _readers.ContainsKey(id) ? ReaderId.FromReaderName(name, disambiguate: true) : id;
    }

    public void Add(ReaderEntry entry)
    {
        _readers[entry.Id] = entry;
        _idsByName[entry.Name] = entry.Id;
    }

    /// <summary>Forgets a reader that is gone for good (unplugged): its card, attachment and auto-attach choice too.</summary>
    public void Remove(ReaderEntry entry)
    {
        _readers.Remove(entry.Id);
        _idsByName.Remove(entry.Name);
        _cards.Remove(entry.Name);
        _attached.Remove(entry.Id);
        _autoAttachChoices.Remove(entry.Id);
    }

    /// <summary>Forgets every reader and card for service recovery; attachments and auto-attach choices stay.</summary>
    public void ClearForRecovery()
    {
        _readers.Clear();
        _idsByName.Clear();
        _cards.Clear();
    }

    public void CardSeen(string name, byte[] atr, bool mute) => _cards[name] = (atr, mute);

    public void CardGone(string name) => _cards.Remove(name);

    public void SetAttachment(ReaderId id, ShareMode? shareMode, CardProtocol protocols)
    {
        if (shareMode is { } mode)
        {
            _attached[id] = (mode, protocols);
        }
        else
        {
            _attached.Remove(id);
        }
    }

    /// <summary>The attachments to restore after recovery (those of readers that did not come back are dropped).</summary>
    public IReadOnlyList<(ReaderEntry Entry, ShareMode ShareMode, CardProtocol Protocols)> TakeAttachmentsToRestore()
    {
        var restore = new List<(ReaderEntry, ShareMode, CardProtocol)>();
        foreach (var (id, attachment) in _attached.ToList())
        {
            if (_readers.TryGetValue(id, out var entry))
            {
                restore.Add((entry, attachment.ShareMode, attachment.Protocols));
            }
            else
            {
                _attached.Remove(id);
            }
        }

        return restore;
    }

    public void SetAutoAttachChoice(ReaderId id, bool enabled) => _autoAttachChoices[id] = enabled;

    public bool? AutoAttachChoice(ReaderId id) => _autoAttachChoices.TryGetValue(id, out var choice) ? choice : null;

    /// <summary>Readers holding a non-mute card matching <paramref name="pattern"/>, in reader-name order.</summary>
    public IEnumerable<CardFound> FindCards(AtrPattern pattern)
    {
        foreach (var (name, card) in _cards.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (!card.Mute && pattern.Matches(card.Atr) && _idsByName.TryGetValue(name, out var id))
            {
                yield return new CardFound(id, name, [.. card.Atr]);
            }
        }
    }

    /// <summary>FindCard's answer: the first matching reader by name, NoCard, or InvalidRequest without a pattern.</summary>
    public object Answer(FindCard find) => find.Pattern is null
        ? new ReaderFailure(null, ReaderFailureReason.InvalidRequest, "FindCard needs a pattern")
        : FindCards(find.Pattern).FirstOrDefault() ??
          (object)new ReaderFailure(null, ReaderFailureReason.NoCard, $"no reader holds a card matching {find.Pattern}");

    /// <summary>FindCards' answer: every matching reader by name (maybe none), or InvalidRequest without a pattern.</summary>
    public object Answer(FindCards find) => find.Pattern is null
        ? new ReaderFailure(null, ReaderFailureReason.InvalidRequest, "FindCards needs a pattern")
        : new CardsFound([.. FindCards(find.Pattern)]);

    /// <summary>The routing table the manager publishes (<see cref="ReaderRoutes"/>).</summary>
    public ImmutableDictionary<ReaderId, IActorRef> Routes() => _readers.ToImmutableDictionary(r => r.Key, r => r.Value.Actor);
}

/// <summary>One managed reader and its actor.</summary>
internal sealed record ReaderEntry(ReaderId Id, string Name, IActorRef Actor);
