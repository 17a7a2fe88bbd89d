using Microsoft.Extensions.Logging;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins.Loading;
using SmartCardFleet.Core.Plugins.Sessions;

namespace SmartCardFleet.Core.Plugins.Hosting;

/// <summary>
/// The plugin host's decisions about which plugin a card uses, over the <see cref="PluginRegistry"/> and a card's
/// <see cref="CardEntry"/>, without an actor: what to ask a card actor to identify with, what an identification report
/// means (cache, event, or a swap when a reload replaced the winner meanwhile), and what a reload means for each card.
/// </summary>
internal sealed class CardPluginBook(PluginRegistry registry, PluginHostSettings settings, ILogger log)
{
    /// <summary>What the host does with a card after an identification report or a reload.</summary>
    /// <param name="Swap">Tell the card actor to use this plugin version (or none).</param>
    /// <param name="Event">Publish this.</param>
    /// <param name="Identify">Identify the card again (a reload may have brought a plugin that takes it); the card actor
    /// closes the card's session first.</param>
    public sealed record Step(UsePlugin? Swap, IFleetEvent? Event, bool Identify);

    /// <summary>Starts identifying <paramref name="entry"/>: a remembered ATR-only decision (an operator override) skips
    /// the probes unless that plugin is quarantined or gone; otherwise every available plugin, matched and ranked by
    /// the card actor (<see cref="PluginRanking.RankAsync"/>), each probed. The card actor closes the card's current
    /// session first, after the work it is running.</summary>
    public IdentifyCard Identify(CardEntry entry)
    {
        entry.Plugin = null;
        entry.Identifying = true;
        entry.ReloadedWhileIdentifying = false;
        entry.RankedAtLoad = registry.Loads;
        if (registry.TryGetIdentification(entry.Atr, out var cachedId) &&
            registry.Find(cachedId) is { } cached && !registry.IsQuarantined(cached.Id))
        {
            return new IdentifyCard([new PluginCandidate(cached, SkipProbe: true)], FromCache: true);
        }

        // Match is plugin code: the card's work item calls it, off this actor (PluginRanking.RankAsync).
        return new IdentifyCard(Candidates(entry), FromCache: false);
    }

    /// <summary>Records the card actor's identification report on <paramref name="entry"/>. A plugin's acceptance is
    /// published every time (identified again by the same plugin: <see cref="CardIdentified"/> again); "unidentified"
    /// only when it differs from what was last published for the card. Nothing is published when plugins loaded during
    /// the probes send the card straight into another identification.</summary>
    public Step Identified(CardEntry entry, IdentificationReport report, DateTimeOffset now)
    {
        entry.Identifying = false;
        // Plugins loaded during the probes were not among the candidates: they get their chance now.
        var reloaded = entry.ReloadedWhileIdentifying;
        entry.ReloadedWhileIdentifying = false;
        if (report.Plugin is not { } plugin)
        {
            var reason = report.Reason ?? "no plugin accepted the card";
            PluginHostLog.Unidentified(log, report.ReaderId.Value, reason, null);
            var unidentified = !reloaded && AnnounceUnidentified(entry) ? new CardUnidentified(report.ReaderId, [.. report.Atr], reason, now) : null;
            return new Step(null, unidentified, Identify: reloaded);
        }

        UsePlugin? swap = null;
        if (!registry.IsCurrent(plugin))
        {
            // A reload replaced the plugin while the probes ran: hand the card the current version, or identify it
            // again when the plugin is gone (the card actor closes the session it opened first).
            if (registry.Find(plugin.Id) is not { } current)
            {
                return new Step(null, null, Identify: true);
            }

            swap = new UsePlugin(current);
            plugin = current;
        }

        entry.Plugin = plugin;
        if (report.Cacheable)
        {
            registry.CacheIdentification(report.Atr, plugin.Id);
        }

        PluginHostLog.Identified(log, report.ReaderId.Value, plugin.Id, plugin.Version, plugin.Manifest.CardType, null);
        if (reloaded && Outranked(entry, plugin, matched: swap is null))
        {
            return new Step(null, null, Identify: true);
        }

        // Every completed identification is published, even by the same plugin: subscribers learn the card was
        // identified again after a plugin load (issue 12), and may refresh what they read from it.
        entry.Announced = new CardVerdict(plugin.Id);
        return new Step(swap, new CardIdentified(report.ReaderId, plugin.Id, plugin.Manifest.CardType, report.FromCache, now), Identify: false);
    }

    /// <summary>After plugins were loaded, reloaded or removed: a card nobody took, or whose plugin is gone, is
    /// identified again; so is a card a newly loaded plugin would rank above its holder (the fallback, or a less
    /// specific plugin). Any other card moves to the current version of its plugin without new probes. A card still
    /// identifying is looked at again when its report arrives.</summary>
    public Step? Refreshed(CardEntry entry)
    {
        if (entry.Identifying)
        {
            entry.ReloadedWhileIdentifying = true;
            return null;
        }

        if (entry.Plugin is null || registry.Find(entry.Plugin.Id) is not { } current ||
            Outranked(entry, current, matched: ReferenceEquals(current, entry.Plugin)))
        {
            return new Step(null, null, Identify: true);
        }

        if (ReferenceEquals(current, entry.Plugin))
        {
            return null;
        }

        entry.Plugin = current;
        return new Step(new UsePlugin(current), null, Identify: false);
    }

    /// <summary>Counts an operation's outcome; returns the event when this failure quarantines the plugin.</summary>
    public PluginQuarantined? OperationEnded(OperationOutcomeReport outcome, DateTimeOffset now)
    {
        if (!outcome.Fault)
        {
            registry.RecordSuccess(outcome.Plugin.Id);
            return null;
        }

        return Faulted(outcome.ReaderId, outcome.Plugin, outcome.Message ?? "", now);
    }

    /// <summary>Counts a fault of <paramref name="plugin"/> (a failed operation, or a Match, probe or other call past its
    /// deadline); returns the event when it quarantines the plugin. A plugin with as many stuck threads as it may have
    /// is quarantined at once, whatever its count.</summary>
    public PluginQuarantined? Faulted(ReaderId reader, LoadedPlugin plugin, string message, DateTimeOffset now)
    {
        var threshold = plugin.Threads.Exhausted ? 1 : settings.QuarantineAfterFailures;
        if (!registry.IsCurrent(plugin) || registry.RecordFailure(plugin.Id, threshold, message) is not { } count)
        {
            return null;
        }

        PluginHostLog.Quarantined(log, plugin.Id, plugin.Version, count, message, null);
        return new PluginQuarantined(reader, plugin.Id, count, message, now);
    }

    /// <summary>The refusal of an operation on a card whose plugin is quarantined, or null.</summary>
    public OperationFailed? Quarantined(CardEntry entry) => entry.Plugin is { } plugin && registry.IsQuarantined(plugin.Id)
        ? new OperationFailed(entry.ReaderId, OperationFailureReason.Quarantined,
            $"plugin {plugin.Id} {plugin.Version} is quarantined after {settings.QuarantineAfterFailures} failures in a row; reload it or clear its quarantine to enable it again",
            plugin.Id)
        : null;

    /// <summary>Whether a plugin loaded after the card was ranked may now rank above <paramref name="holder"/> (the
    /// current version of the card's plugin) for the card's ATR, or a new version of the holder no longer declares the
    /// ATR. Decided from plugin data alone (<see cref="PluginRanking.ByManifest"/>: manifest patterns, priority, id),
    /// because Match is plugin code and never runs on the host actor: a yes sends the card to identification, whose work
    /// item asks the real Match under its deadline. Plugins that ranked above the holder before had their probe and
    /// refused; a quarantined holder keeps its cards until it is cleared.</summary>
    /// <param name="matched">The holder is the very version whose Match accepted the card (no need to look at its
    /// patterns again).</param>
    private bool Outranked(CardEntry entry, LoadedPlugin holder, bool matched)
    {
        if (registry.IsQuarantined(holder.Id))
        {
            return false;
        }

        var candidates = Candidates(entry);
        if (candidates is [{ SkipProbe: true } forced])
        {
            return forced.Plugin.Id != holder.Id;
        }

        var contenders = candidates.Select(c => c.Plugin).Where(p => p.Id == holder.Id
            ? matched || PluginRanking.Declares(p, entry.ParsedAtr)
            : registry.LoadedSince(p, entry.RankedAtLoad) && PluginRanking.Declares(p, entry.ParsedAtr));
        return PluginRanking.ByManifest(entry.ParsedAtr, contenders).FirstOrDefault() is not { } first || first.Id != holder.Id;
    }

    private IReadOnlyList<PluginCandidate> Candidates(CardEntry entry) =>
        PluginRanking.Candidates(entry.ParsedAtr, registry.Available, settings.AtrOverrides);

    /// <summary>Records "unidentified" as the card's published verdict; false when that is what was published last.</summary>
    private static bool AnnounceUnidentified(CardEntry entry)
    {
        var verdict = new CardVerdict(null);
        if (entry.Announced == verdict)
        {
            return false;
        }

        entry.Announced = verdict;
        return true;
    }
}
