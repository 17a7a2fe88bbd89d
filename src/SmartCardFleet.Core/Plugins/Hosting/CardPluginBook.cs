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
    /// <param name="Identify">Identify the card again (a reload may have brought a plugin that takes it).</param>
    public sealed record Step(UsePlugin? Swap, IFleetEvent? Event, bool Identify);

    /// <summary>Starts identifying <paramref name="entry"/>: a remembered ATR-only decision (an operator override) skips
    /// the probes unless that plugin is quarantined or gone; otherwise the ranked candidates, each probed.</summary>
    public IdentifyCard Identify(CardEntry entry)
    {
        entry.Plugin = null;
        entry.Identifying = true;
        if (registry.TryGetIdentification(entry.Atr, out var cachedId) && cachedId is not null &&
            registry.Find(cachedId) is { } cached && !registry.IsQuarantined(cached.Id))
        {
            return new IdentifyCard([new PluginCandidate(cached, SkipProbe: true)], FromCache: true);
        }

        // Match is plugin code: the card's work item calls it, off this actor (PluginRanking.RankAsync).
        return new IdentifyCard(PluginRanking.Candidates(entry.ParsedAtr, registry.Available, settings.AtrOverrides), FromCache: false);
    }

    /// <summary>Records the card actor's identification report on <paramref name="entry"/>.</summary>
    public Step Identified(CardEntry entry, IdentificationReport report, DateTimeOffset now)
    {
        entry.Identifying = false;
        if (report.Plugin is not { } plugin)
        {
            var reason = report.Reason ?? "no plugin accepted the card";
            PluginHostLog.Unidentified(log, report.ReaderId.Value, reason, null);
            return new Step(null, new CardUnidentified(report.ReaderId, [.. report.Atr], reason, now), false);
        }

        UsePlugin? swap = null;
        if (!registry.IsCurrent(plugin))
        {
            // A reload replaced the plugin while the probes ran: hand the card the current version (or none).
            var current = registry.Find(plugin.Id);
            swap = new UsePlugin(current);
            if (current is null)
            {
                return new Step(swap, null, false);
            }

            plugin = current;
        }

        entry.Plugin = plugin;
        if (report.Cacheable)
        {
            registry.CacheIdentification(report.Atr, plugin.Id);
        }

        PluginHostLog.Identified(log, report.ReaderId.Value, plugin.Id, plugin.Version, plugin.Manifest.CardType, null);
        return new Step(swap, new CardIdentified(report.ReaderId, plugin.Id, plugin.Manifest.CardType, report.FromCache, now), false);
    }

    /// <summary>After a reload: cards move to the current version of their plugin (or lose it); cards nobody took are
    /// identified again, since a new plugin may accept them. Cards still identifying are left to finish.</summary>
    public Step? Refreshed(CardEntry entry)
    {
        if (entry.Identifying)
        {
            return null;
        }

        if (entry.Plugin is null)
        {
            return new Step(null, null, Identify: true);
        }

        var current = registry.Find(entry.Plugin.Id);
        if (ReferenceEquals(current, entry.Plugin))
        {
            return null;
        }

        entry.Plugin = current;
        return new Step(new UsePlugin(current), null, Identify: current is null);
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
        if (!registry.IsCurrent(plugin) || registry.RecordFailure(plugin.Id, threshold) is not { } count)
        {
            return null;
        }

        PluginHostLog.Quarantined(log, plugin.Id, plugin.Version, count, message, null);
        return new PluginQuarantined(reader, plugin.Id, count, message, now);
    }

    /// <summary>The refusal of an operation on a card whose plugin is quarantined, or null.</summary>
    public OperationFailed? Quarantined(CardEntry entry) => entry.Plugin is { } plugin && registry.IsQuarantined(plugin.Id)
        ? new OperationFailed(entry.ReaderId, OperationFailureReason.Quarantined,
            $"plugin {plugin.Id} {plugin.Version} is quarantined after {settings.QuarantineAfterFailures} failures in a row; reload plugins to enable it again",
            plugin.Id)
        : null;
}
