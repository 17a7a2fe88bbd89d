using System.Text.Json.Nodes;
using Akka.Actor;
using Microsoft.Extensions.Logging;
using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Plugins;
using SmartCardFleet.Core.Plugins.Loading;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Plugins.Sessions;

// One operation: BeginTransaction → (open the session if needed, tell it about a reset) → ExecuteAsync with a timeout
// → EndTransaction (Leave; Reset when the plugin timed out or threw mid-sequence) → answer the requester.
internal sealed partial class CardSessionActor
{
    private async Task<WorkDone> OperationAsync(RunOperation run, IActorRef requester, LoadedPlugin plugin, ICardSession? session,
        ReaderCardChannel? channel, bool resetPending)
    {
        var arguments = run.Arguments ?? [];
        var descriptor = plugin.Manifest.Operations.FirstOrDefault(o => o.Name == run.Operation) ?? new OperationDescriptor(run.Operation, "");
        LogOperationStarting(_readerId.Value, plugin.Id, plugin.Version, run.Operation, descriptor.RedactArguments(arguments).ToJsonString());

        TransactionId transaction;
        try
        {
            transaction = await ReaderTransactions.BeginAsync(_readers, _readerId, _settings.OperationTimeout + _settings.TransactionLeaseMargin,
                $"plugin:{plugin.Id}:{run.Operation}", _settings.ReaderRequestTimeout);
        }
        catch (Exception ex) when (IsReaderFailure(ex))
        {
            requester.Tell(ReaderFailed(plugin, ex));
            return new WorkDone(plugin, session, channel, resetPending, Identified: true);
        }

        using var deadline = new CancellationTokenSource(_settings.OperationTimeout);
        object reply;
        var disposition = CardDisposition.Leave;
        var fault = false;
        var abandon = false;
        Task<JsonNode?>? execution = null;
        try
        {
            if (session is null)
            {
                channel = NewChannel(plugin);
                channel.Arm(transaction);
                session = await plugin.Instance.OpenSessionAsync(channel.WithResponseHandling(plugin.Manifest.ResponseHandling), deadline.Token)
                    .WaitAsync(deadline.Token);
                _host.Tell(new SessionOpenedReport(plugin), _self);
                resetPending = false;
            }
            else
            {
                channel!.Arm(transaction);
                if (resetPending)
                {
                    await session.OnCardResetAsync(deadline.Token).WaitAsync(deadline.Token);
                    resetPending = false;
                }
            }

            execution = session.ExecuteAsync(run.Operation, arguments, deadline.Token);
            var result = await execution.WaitAsync(deadline.Token);
            reply = new OperationCompleted(_readerId, plugin.Id, plugin.Version, result);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            // The plugin may ignore cancellation and never finish: drop its session, reset the card behind it.
            (reply, disposition, fault, abandon) = (Failed(plugin, OperationFailureReason.Timeout,
                $"operation \"{run.Operation}\" of plugin {plugin.Id} did not finish within {_settings.OperationTimeout}; the card was reset"),
                CardDisposition.Reset, true, true);
        }
        catch (CardOperationException ex)
        {
            reply = Failed(plugin, Map(ex.Error), ex.Message);
        }
        catch (Exception ex) when (IsReaderFailure(ex))
        {
            // The reader failed the plugin, not the other way round: not counted towards quarantine.
            (reply, disposition) = (ReaderFailed(plugin, ex), CardDisposition.Reset);
        }
        catch (Exception ex)
        {
            (reply, disposition, fault) = (Failed(plugin, OperationFailureReason.PluginFailed,
                $"plugin {plugin.Id} failed in \"{run.Operation}\": {ex.Message}"), CardDisposition.Reset, true);
        }

        channel?.Disarm();
        var endFailure = await ReaderTransactions.EndAsync(_readers, _readerId, transaction, disposition, _settings.ReaderRequestTimeout);
        if (endFailure is not null)
        {
            LogEndTransactionFailed(_readerId.Value, endFailure.ToString());
        }

        if (disposition == CardDisposition.Reset)
        {
            // We reset the card ourselves: the session's view of it (selection, verified PIN) is gone too.
            resetPending = true;
        }

        LogOutcome(run, plugin, reply, fault);
        _host.Tell(new OperationOutcomeReport(_readerId, plugin, fault, (reply as OperationFailed)?.Message), _self);
        requester.Tell(reply);
        if (abandon && session is not null)
        {
            channel?.Close();
            AbandonSession(plugin, session, execution);
            return new WorkDone(plugin, null, null, ResetPending: false, Identified: true);
        }

        return new WorkDone(plugin, session, channel, resetPending, Identified: true);
    }

    private async Task<WorkDone> NotifyResetAsync(LoadedPlugin? plugin, ICardSession session, ReaderCardChannel? channel)
    {
        using var deadline = new CancellationTokenSource(_settings.OperationTimeout);
        try
        {
            await session.OnCardResetAsync(deadline.Token).WaitAsync(deadline.Token);
        }
        catch (Exception ex)
        {
            // Told once; asking again would loop. Operations still start from a fresh SELECT in well-behaved plugins.
            LogResetNoticeFailed(_readerId.Value, plugin?.Id ?? "?", ex.Message);
        }

        return new WorkDone(plugin, session, channel, ResetPending: false, Identified: true);
    }

    /// <summary>The session's task may run on forever; it is disposed when (if) it ends, and counted closed now so a
    /// reload is not held up by it.</summary>
    private void AbandonSession(LoadedPlugin plugin, ICardSession session, Task? execution)
    {
        _host.Tell(new SessionClosedReport(plugin), _self);
        var finished = execution ?? Task.CompletedTask;
        _ = finished.ContinueWith(async _ =>
        {
            try
            {
                await session.DisposeAsync();
            }
            catch (Exception)
            {
                // Nothing to report to: the requester already has its Timeout.
            }
        }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    private OperationFailed Failed(LoadedPlugin plugin, OperationFailureReason reason, string message) =>
        new(_readerId, reason, message, plugin.Id);

    private OperationFailed ReaderFailed(LoadedPlugin plugin, Exception ex) => ex switch
    {
        ReaderRequestException r => ReaderFailureForOperations.Failed(_readerId, r.Failure, plugin.Id),
        _ => Failed(plugin, OperationFailureReason.ReaderFailed, $"the reader did not answer within {_settings.ReaderRequestTimeout}"),
    };

    private static OperationFailureReason Map(CardOperationError error) => error switch
    {
        CardOperationError.UnknownOperation => OperationFailureReason.UnknownOperation,
        CardOperationError.InvalidArgument => OperationFailureReason.InvalidArgument,
        CardOperationError.CardError => OperationFailureReason.CardError,
        _ => OperationFailureReason.NotSupported,
    };

    private void LogOutcome(RunOperation run, LoadedPlugin plugin, object reply, bool fault)
    {
        if (reply is OperationFailed failed)
        {
            if (fault)
            {
                LogOperationFault(_readerId.Value, plugin.Id, run.Operation, failed.Reason, failed.Message);
            }
            else
            {
                LogOperationRefused(_readerId.Value, plugin.Id, run.Operation, failed.Reason, failed.Message);
            }

            return;
        }

        LogOperationCompleted(_readerId.Value, plugin.Id, run.Operation);
    }

    [LoggerMessage(EventId = 4301, Level = LogLevel.Debug, Message = "Reader {ReaderId}: {PluginId} {Version} runs {Operation} with {Arguments}")]
    private partial void LogOperationStarting(string readerId, string pluginId, string version, string operation, string arguments);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Debug, Message = "Reader {ReaderId}: {PluginId} completed {Operation}")]
    private partial void LogOperationCompleted(string readerId, string pluginId, string operation);

    [LoggerMessage(EventId = 4303, Level = LogLevel.Information, Message = "Reader {ReaderId}: {PluginId} refused {Operation} ({Reason}): {Detail}")]
    private partial void LogOperationRefused(string readerId, string pluginId, string operation, OperationFailureReason reason, string detail);

    [LoggerMessage(EventId = 4304, Level = LogLevel.Warning, Message = "Reader {ReaderId}: {PluginId} failed {Operation} ({Reason}): {Detail}")]
    private partial void LogOperationFault(string readerId, string pluginId, string operation, OperationFailureReason reason, string detail);

    [LoggerMessage(EventId = 4305, Level = LogLevel.Warning, Message = "Reader {ReaderId}: {PluginId} failed to handle the card reset: {Detail}")]
    private partial void LogResetNoticeFailed(string readerId, string pluginId, string detail);
}
