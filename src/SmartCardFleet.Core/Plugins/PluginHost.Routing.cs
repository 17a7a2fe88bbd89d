using Akka.Actor;
using Microsoft.Extensions.Logging;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Messaging;

namespace SmartCardFleet.Core.Plugins;

// Routing RunOperation to the card's session actor, and the status queries.
public sealed partial class PluginHost
{
    /// <summary>The manager's answer about a reader we hold no card for: unknown, empty, or attached a moment ago.</summary>
    private sealed record ReaderLookedUp(RunOperation Run, IActorRef Requester, object Reply) : ILocalOnlyMessage;

    private void OnRunOperation(RunOperation run)
    {
        if (run.ReaderId.Value is null || string.IsNullOrWhiteSpace(run.Operation))
        {
            Sender.Tell(new OperationFailed(run.ReaderId, OperationFailureReason.InvalidArgument, "RunOperation needs a reader id and an operation name"));
            return;
        }

        if (!_cards.TryGetValue(run.ReaderId, out var entry))
        {
            var requester = Sender;
            _readers.AskAsync(run.ReaderId, GetStatus.Instance, _settings.ReaderRequestTimeout)
                .PipeTo(Self, success: reply => new ReaderLookedUp(run, requester, reply),
                    failure: ex => new ReaderLookedUp(run, requester, new ReaderFailure(run.ReaderId, ReaderFailureReason.Timeout, ex.Message)));
            return;
        }

        if (entry.Plugin is { } plugin && _registry.IsQuarantined(plugin.Id))
        {
            Sender.Tell(new OperationFailed(run.ReaderId, OperationFailureReason.Quarantined,
                $"plugin {plugin.Id} {plugin.Version} is quarantined after {_settings.QuarantineAfterFailures} failures in a row; reload plugins to enable it again",
                plugin.Id));
            return;
        }

        entry.Actor.Forward(run);
    }

    private void OnReaderLookedUp(ReaderLookedUp looked)
    {
        var run = looked.Run;
        if (_cards.TryGetValue(run.ReaderId, out var entry))
        {
            entry.Actor.Tell(run, looked.Requester);
            return;
        }

        switch (looked.Reply)
        {
            case ReaderSnapshot { Session: { } session, Atr: { } atr }:
                // Attached a moment ago; its CardAttached event is still on the way.
                StartCard(run.ReaderId, session, atr);
                _cards[run.ReaderId].Actor.Tell(run, looked.Requester);
                break;
            case ReaderSnapshot snapshot:
                looked.Requester.Tell(new OperationFailed(run.ReaderId, OperationFailureReason.NoCard,
                    $"reader {run.ReaderId} has no attached card (state {snapshot.State})"));
                break;
            case ReaderFailure { Reason: ReaderFailureReason.UnknownReader } failure:
                looked.Requester.Tell(new OperationFailed(run.ReaderId, OperationFailureReason.UnknownReader, failure.Message));
                break;
            case ReaderFailure failure:
                looked.Requester.Tell(ReaderFailureForOperations.Failed(run.ReaderId, failure));
                break;
            default:
                looked.Requester.Tell(new OperationFailed(run.ReaderId, OperationFailureReason.ReaderFailed,
                    $"unexpected reader reply {looked.Reply.GetType().Name}"));
                break;
        }
    }

    private PluginCatalogStatus Status() => new(
        [.. _registry.Active.OrderBy(p => p.Id, StringComparer.Ordinal).Select(p => new PluginInfo(
            p.Id, p.Manifest.Name, p.Version, p.Manifest.CardType, p.Folder, p.Manifest.Priority, _registry.IsQuarantined(p.Id),
            [.. p.Manifest.Operations.Select(o => o.Name)]))],
        [.. _registry.Rejected.OrderBy(r => r.Folder, StringComparer.Ordinal)]);

    private CardIdentification Identification(ReaderId readerId) =>
        _cards.TryGetValue(readerId, out var entry)
            ? new CardIdentification(readerId, true, entry.Plugin?.Id, entry.Plugin?.Version, entry.Plugin?.Manifest.CardType)
            : new CardIdentification(readerId, false, null, null, null);

    [LoggerMessage(EventId = 4401, Level = LogLevel.Information, Message = "Reader {ReaderId}: card identified by {PluginId} {Version} as {CardType}")]
    private partial void LogIdentified(string readerId, string pluginId, string version, string cardType);

    [LoggerMessage(EventId = 4402, Level = LogLevel.Information, Message = "Reader {ReaderId}: card not identified: {Reason}")]
    private partial void LogUnidentified(string readerId, string reason);

    [LoggerMessage(EventId = 4403, Level = LogLevel.Warning, Message = "Plugin {PluginId} {Version} quarantined after {Count} failures in a row; last: {Detail}")]
    private partial void LogQuarantined(string pluginId, string version, int count, string detail);

    [LoggerMessage(EventId = 4405, Level = LogLevel.Error, Message = "Reader {ReaderId}: the card session actor failed and was stopped; the card is no longer identified")]
    private partial void LogCardActorFailed(string readerId);

    [LoggerMessage(EventId = 4404, Level = LogLevel.Warning, Message = "Plugin {PluginId}: Match threw {ExceptionType}: {Detail}; treated as no match")]
    private partial void LogMatchFailed(string pluginId, string exceptionType, string detail);
}
