using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Plugins;
using SmartCardFleet.Core.Plugins.Loading;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Plugins.Sessions;

/// <summary>
/// One operation: BeginTransaction → (open the session if needed, or tell it about a reset) → ExecuteAsync, each call
/// started on the plugin's own threads (<see cref="Isolation.PluginThreads"/>) and all of them within the operation timeout → EndTransaction (Leave; Reset when the plugin timed out or threw mid-sequence) → answer the
/// requester and report the outcome to the host for quarantine counting. The requester is answered from here, so it
/// hears back even when the card's actor stopped in the meantime.
/// </summary>
internal sealed class OperationRun(CardWorkContext card)
{
    public async Task<CardSessionState> RunAsync(RunOperation run, Action<object> reply, CardSessionState state)
    {
        var plugin = state.Plugin!;
        var settings = card.Settings;
        var arguments = run.Arguments ?? [];
        var descriptor = plugin.Manifest.Operations.FirstOrDefault(o => o.Name == run.Operation) ?? new OperationDescriptor(run.Operation, "");
        CardSessionLog.OperationStarting(card.Log, card.ReaderId.Value, plugin.Id, plugin.Version, run.Operation,
            descriptor.RedactArguments(arguments).ToJsonString(), null);

        TransactionId transaction;
        try
        {
            transaction = await card.Transactions.BeginAsync(settings.OperationTimeout + settings.TransactionLeaseMargin, $"plugin:{plugin.Id}:{run.Operation}");
        }
        catch (Exception ex) when (CardWorkContext.IsReaderFailure(ex))
        {
            reply(OperationOutcome.ReaderFailed(card.ReaderId, plugin, ex, settings.ReaderRequestTimeout));
            return state;
        }

        using var deadline = card.Deadline(settings.OperationTimeout);
        var (session, channel, resetPending) = (state.Session, state.Channel, state.ResetPending);
        // Each call into the plugin starts on its own threads and is awaited under the deadline: a plugin that blocks
        // (even before returning its task) holds one of its threads, never this work item.
        Task? inFlight = null;
        OperationOutcome outcome;
        try
        {
            if (session is null)
            {
                channel = card.NewChannel(plugin);
                channel.Arm(transaction);
                var handling = channel.WithResponseHandling(plugin.Manifest.ResponseHandling);
                // Checked here as well as in identification: after a reload or an abandoned session the next session is
                // opened here, and the check (which disposes a refused session) is plugin code, so it runs on its thread.
                var opened = plugin.Threads.Start("OpenSessionAsync", async () =>
                {
                    var fresh = await plugin.Instance.OpenSessionAsync(handling, deadline.Token);
                    await DeclaredOperationsCheck.RefuseOnMismatchAsync(plugin, fresh);
                    return fresh;
                });
                inFlight = opened.Completion;
                session = await opened.WaitAsync(deadline.Token);
                card.TellHost(new SessionOpenedReport(plugin));
                resetPending = false;
            }
            else
            {
                channel!.Arm(transaction);
                if (resetPending)
                {
                    var open = session;
                    var notice = plugin.Threads.Start("OnCardResetAsync", () => open.OnCardResetAsync(deadline.Token));
                    inFlight = notice.Completion;
                    await notice.WaitAsync(deadline.Token);
                    resetPending = false;
                }
            }

            var running = session;
            var execution = plugin.Threads.Start("ExecuteAsync", () => running.ExecuteAsync(run.Operation, arguments, deadline.Token));
            inFlight = execution.Completion;
            outcome = OperationOutcome.Completed(card.ReaderId, plugin, await execution.WaitAsync(deadline.Token));
        }
        catch (Exception ex)
        {
            outcome = OperationOutcome.Failed(card.ReaderId, plugin, run.Operation, ex, deadline.IsCancellationRequested,
                settings.OperationTimeout, settings.ReaderRequestTimeout);
        }

        channel?.Disarm();
        await card.EndTransactionAsync(transaction, outcome.Disposition);
        Log(run, plugin, outcome);
        card.TellHost(new OperationOutcomeReport(card.ReaderId, plugin, outcome.Fault, (outcome.Reply as OperationFailed)?.Message));
        reply(outcome.Reply);
        if (outcome.Abandon)
        {
            // A call left running may still send APDUs: its channel is closed, so they fail instead of reaching the card.
            channel?.Close();
            if (session is not null)
            {
                _ = SessionLifecycle.Abandon(card, plugin, session, inFlight);
            }

            return CardSessionState.Fresh(plugin);
        }

        // A reset we did ourselves drops the session's view of the card (selection, verified PIN) too.
        return new CardSessionState(plugin, session, channel, resetPending || outcome.Disposition == CardDisposition.Reset, Identified: true);
    }

    private void Log(RunOperation run, LoadedPlugin plugin, OperationOutcome outcome)
    {
        var reader = card.ReaderId.Value;
        if (outcome.Reply is not OperationFailed failed)
        {
            CardSessionLog.OperationCompleted(card.Log, reader, plugin.Id, run.Operation, null);
        }
        else if (outcome.Fault)
        {
            CardSessionLog.OperationFault(card.Log, reader, plugin.Id, run.Operation, failed.Reason, failed.Message, null);
        }
        else
        {
            CardSessionLog.OperationRefused(card.Log, reader, plugin.Id, run.Operation, failed.Reason, failed.Message, null);
        }
    }
}
