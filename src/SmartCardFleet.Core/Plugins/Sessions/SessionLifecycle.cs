using SmartCardFleet.Abstractions.Plugins;
using SmartCardFleet.Core.Plugins.Loading;

namespace SmartCardFleet.Core.Plugins.Sessions;

/// <summary>The small work items around a plugin session: telling it about a card reset, swapping it for a reloaded
/// plugin version, closing it before the card is identified again, and abandoning one whose task may never finish. Every opened session is reported
/// closed to the host exactly once, so a replaced plugin version is unloaded when its last session is gone.</summary>
internal static class SessionLifecycle
{
    /// <summary>Told once: asking again would loop. Operations still start from a fresh SELECT in well-behaved plugins.</summary>
    public static async Task<CardSessionState> NotifyResetAsync(CardWorkContext card, CardSessionState state)
    {
        using var deadline = card.Deadline(card.Settings.OperationTimeout);
        try
        {
            var session = state.Session!;
            await card.CallAsync(state.Plugin!, "OnCardResetAsync", card.Settings.OperationTimeout, () => session.OnCardResetAsync(deadline.Token),
                deadline.Token);
        }
        catch (Exception ex)
        {
            CardSessionLog.ResetNoticeFailed(card.Log, card.ReaderId.Value, state.Plugin?.Id ?? "?", ex.Message, null);
        }

        return state with { ResetPending = false, Identified = true };
    }

    /// <summary>After a reload: close the old version's session (it finished its last operation) and let the next
    /// operation open one on <paramref name="next"/>.</summary>
    public static async Task<CardSessionState> SwapAsync(CardWorkContext card, CardSessionState state, LoadedPlugin? next)
    {
        if (state.Plugin is not null)
        {
            await CloseAsync(card, state);
        }

        return CardSessionState.Fresh(next);
    }

    /// <summary>Identifies the card (again): the session of the plugin that holds it now, if any, is closed first, since
    /// the probes select other applications under it and another plugin may win. The card actor runs this only between
    /// work items, so an operation in flight has finished.</summary>
    public static async Task<CardSessionState> IdentifyAgainAsync(CardWorkContext card, CardSessionState state, IdentifyCard identify)
    {
        await CloseAsync(card, state);
        return await new IdentificationRun(card).RunAsync(identify);
    }

    public static async Task CloseAsync(CardWorkContext card, CardSessionState state)
    {
        state.Channel?.Close();
        if (state is not { Session: { } session, Plugin: { } plugin })
        {
            return;
        }

        await DisposeAsync(card, plugin, session);
        card.TellHost(new SessionClosedReport(plugin));
    }

    /// <summary>The session's task may run on forever; it is disposed when (if) it ends, and counted closed now so a
    /// reload is not held up by it.</summary>
    /// <returns>The disposal, done once <paramref name="execution"/> ends.</returns>
    public static Task Abandon(CardWorkContext card, LoadedPlugin plugin, ICardSession session, Task? execution)
    {
        card.TellHost(new SessionClosedReport(plugin));
        return (execution ?? Task.CompletedTask).ContinueWith(_ => DisposeAsync(card, plugin, session),
            CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
    }

    /// <summary>DisposeAsync on the plugin's threads, under the operation timeout; a failure or a timeout must not keep
    /// the host from releasing the plugin's version (a timeout counts as a fault).</summary>
    private static async Task DisposeAsync(CardWorkContext card, LoadedPlugin plugin, ICardSession session)
    {
        using var deadline = card.Deadline(card.Settings.OperationTimeout);
        try
        {
            await card.CallAsync(plugin, "DisposeAsync", card.Settings.OperationTimeout, () => session.DisposeAsync().AsTask(), deadline.Token);
        }
        catch (Exception)
        {
            // Nothing to tell a requester: closing is nobody's request.
        }
    }
}
