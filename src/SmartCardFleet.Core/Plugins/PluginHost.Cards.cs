using Akka.Actor;
using Microsoft.Extensions.Logging;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins.Loading;
using SmartCardFleet.Core.Plugins.Sessions;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Core.Plugins;

// Card lifecycle: one CardSessionActor per attached card, identification results, fault counting.
public sealed partial class PluginHost
{
    private void StartCard(ReaderId? id, SessionId session, byte[] atr)
    {
        if (id is not { } readerId || (_cards.TryGetValue(readerId, out var existing) && existing.Session == session))
        {
            return;
        }

        StopCard(readerId, null);
        if (!Atr.TryParse(atr, out var parsed))
        {
            Publish(new CardUnidentified(readerId, [.. atr], $"the ATR {Hex.Format(atr, ' ')} is not a valid answer to reset", DateTimeOffset.UtcNow));
            return;
        }

        var reader = new ReaderInfo(readerId.Value, _readerNames.GetValueOrDefault(readerId, readerId.Value));
        var actor = Context.ActorOf(CardSessionActor.Props(readerId, reader, session, [.. atr], parsed, _readers, _settings,
                _loggerFactory.CreateLogger("SmartCardFleet.Core.Plugins.CardSession")),
            $"card-{readerId.Value}-{++_incarnation}");
        Context.Watch(actor);
        var entry = new CardEntry(readerId, session, [.. atr], parsed, actor);
        _cards[readerId] = entry;
        Identify(entry);
    }

    private void Identify(CardEntry entry)
    {
        entry.Plugin = null;
        entry.Identifying = true;
        if (_registry.TryGetIdentification(entry.Atr, out var cachedId))
        {
            var cached = cachedId is null ? null : _registry.Find(cachedId);
            if (cachedId is null || (cached is not null && !_registry.IsQuarantined(cached.Id)))
            {
                entry.Actor.Tell(new IdentifyCard(cached is null ? [] : [new PluginCandidate(cached, SkipProbe: true)], FromCache: true));
                return;
            }
        }

        var candidates = PluginRanking.Rank(entry.ParsedAtr, _registry.Available, _settings.AtrOverrides,
            (plugin, ex) => LogMatchFailed(plugin.Id, ex.GetType().Name, ex.Message));
        entry.Actor.Tell(new IdentifyCard(candidates, FromCache: false));
    }

    private void StopCard(ReaderId? id, SessionId? session)
    {
        if (id is { } readerId && _cards.TryGetValue(readerId, out var entry) && (session is null || entry.Session == session))
        {
            _cards.Remove(readerId);
            Context.Unwatch(entry.Actor);
            entry.Actor.Tell(EndCardSession.Instance);
        }
    }

    private void OnCardActorStopped(Terminated terminated)
    {
        var entry = _cards.Values.FirstOrDefault(e => e.Actor.Equals(terminated.ActorRef));
        if (entry is null)
        {
            return;
        }

        _cards.Remove(entry.ReaderId);
        LogCardActorFailed(entry.ReaderId.Value);
        Publish(new CardUnidentified(entry.ReaderId, [.. entry.Atr], "the card's session actor failed; reinsert or reattach the card",
            DateTimeOffset.UtcNow));
    }

    private void OnCardReset(CardReset reset)
    {
        if (reset.ReaderId is { } id && _cards.TryGetValue(id, out var entry) && entry.Session == reset.Session)
        {
            entry.Actor.Tell(CardWasReset.Instance);
        }
    }

    private void OnIdentified(IdentificationReport report)
    {
        if (!_cards.TryGetValue(report.ReaderId, out var entry) || entry.Session != report.Session || !Sender.Equals(entry.Actor))
        {
            return;
        }

        entry.Identifying = false;
        var now = DateTimeOffset.UtcNow;
        if (report.Plugin is not { } plugin)
        {
            if (report.Cacheable)
            {
                _registry.CacheIdentification(report.Atr, null);
            }

            LogUnidentified(report.ReaderId.Value, report.Reason ?? "");
            Publish(new CardUnidentified(report.ReaderId, [.. report.Atr], report.Reason ?? "no plugin accepted the card", now));
            return;
        }

        if (!_registry.IsCurrent(plugin))
        {
            // A reload replaced the plugin while the probes ran: hand the card the current version (or none).
            var current = _registry.Find(plugin.Id);
            entry.Actor.Tell(new UsePlugin(current));
            plugin = current ?? plugin;
            if (current is null)
            {
                return;
            }
        }

        entry.Plugin = plugin;
        _registry.CacheIdentification(report.Atr, plugin.Id);
        LogIdentified(report.ReaderId.Value, plugin.Id, plugin.Version, plugin.Manifest.CardType);
        Publish(new CardIdentified(report.ReaderId, plugin.Id, plugin.Manifest.CardType, report.FromCache, now));
    }

    private void OnOperationOutcome(OperationOutcomeReport outcome)
    {
        var plugin = outcome.Plugin;
        if (!outcome.Fault)
        {
            _registry.RecordSuccess(plugin.Id);
            return;
        }

        if (!_registry.IsCurrent(plugin) || _registry.RecordFailure(plugin.Id, _settings.QuarantineAfterFailures) is not { } count)
        {
            return;
        }

        LogQuarantined(plugin.Id, plugin.Version, count, outcome.Message ?? "");
        Publish(new PluginQuarantined(outcome.ReaderId, plugin.Id, count, outcome.Message ?? "", DateTimeOffset.UtcNow));
    }

    private sealed class CardEntry(ReaderId readerId, SessionId session, byte[] atr, Atr parsedAtr, IActorRef actor)
    {
        public ReaderId ReaderId { get; } = readerId;

        public SessionId Session { get; } = session;

        public byte[] Atr { get; } = atr;

        public Atr ParsedAtr { get; } = parsedAtr;

        public IActorRef Actor { get; } = actor;

        public LoadedPlugin? Plugin { get; set; }

        public bool Identifying { get; set; }
    }
}
