using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Plugins;
using SmartCardFleet.Core.Plugins.Loading;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Plugins.Sessions;

/// <summary>
/// Identifies one card: the host-ranked candidates' probes run in ONE reader transaction, in order, until one accepts
/// the card; the winner's session is opened in the same transaction. Before that, every candidate's Match runs at
/// once, each on its plugin's own threads under <see cref="PluginHostSettings.MatchTimeout"/>. A probe that throws or
/// passes <see cref="PluginHostSettings.ProbeTimeout"/> counts as "not my card" (one plugin's bug must not hide the card
/// from the others; a timeout is also the plugin's fault); a reader failure or the identification timeout
/// ends the run without an answer worth caching. The host hears <see cref="IdentificationReport"/> (and
/// <see cref="SessionOpenedReport"/> for the winner) before the run returns.
/// </summary>
internal sealed class IdentificationRun(CardWorkContext card)
{
    public async Task<CardSessionState> RunAsync(IdentifyCard identify)
    {
        // Match needs no card: ranked before the transaction, every plugin at once on its own threads.
        var candidates = await PluginRanking.RankAsync(card.ParsedAtr, identify.Candidates, MatchAsync);
        if (candidates.Count == 0)
        {
            return Unidentified("no plugin matches the ATR");
        }

        var settings = card.Settings;
        TransactionId transaction;
        try
        {
            transaction = await card.Transactions.BeginAsync(settings.IdentificationTimeout + settings.TransactionLeaseMargin, "plugin-host:identify");
        }
        catch (Exception ex) when (CardWorkContext.IsReaderFailure(ex))
        {
            return Unidentified($"the reader refused the identification transaction: {ex.Message}");
        }

        using var deadline = card.Deadline(settings.IdentificationTimeout);
        var disposition = CardDisposition.Leave;
        try
        {
            return await TryCandidatesAsync(identify with { Candidates = candidates }, transaction, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            disposition = CardDisposition.Reset;
            return Unidentified($"identification did not finish within {settings.IdentificationTimeout}");
        }
        catch (Exception ex) when (CardWorkContext.IsReaderFailure(ex))
        {
            // The reader, not the plugins, said no (card pulled, reader gone): nothing to remember about this ATR.
            return Unidentified($"the reader failed during identification: {ex.Message}");
        }
        finally
        {
            await card.EndTransactionAsync(transaction, disposition);
        }
    }

    private async Task<CardSessionState> TryCandidatesAsync(IdentifyCard identify, TransactionId transaction, CancellationToken deadline)
    {
        var rejectedBy = new List<string>();
        foreach (var candidate in identify.Candidates)
        {
            var plugin = candidate.Plugin;
            var channel = card.NewChannel(plugin);
            channel.Arm(transaction);
            if (!candidate.SkipProbe && !await ProbeAsync(plugin, channel, deadline))
            {
                channel.Close();
                rejectedBy.Add(plugin.Id);
                continue;
            }

            var session = await OpenSessionAsync(plugin, channel, deadline);
            channel.Disarm();
            if (session is null)
            {
                channel.Close();
                rejectedBy.Add($"{plugin.Id} (opening the session failed)");
                continue;
            }

            card.TellHost(new SessionOpenedReport(plugin));
            // Only a decision the ATR alone made (an operator override, a cached override) may be remembered: a probe's
            // answer depends on the card's applications, which other cards with the same ATR need not share.
            card.TellHost(new IdentificationReport(card.ReaderId, card.CardSession, card.Atr, plugin, identify.FromCache,
                Cacheable: candidate.SkipProbe, null));
            return new CardSessionState(plugin, session, channel, ResetPending: false, Identified: true);
        }

        // Never remembered: the next card with this ATR may carry an application some plugin takes.
        return Unidentified($"no plugin accepted the card (probed: {string.Join(", ", rejectedBy)})");
    }

    /// <summary>One plugin's Match on its own threads under <see cref="PluginHostSettings.MatchTimeout"/>: a throw or a
    /// timeout is "no" (a timeout is also reported as the plugin's fault by <see cref="PluginCalls"/>).</summary>
    private async Task<bool> MatchAsync(LoadedPlugin plugin)
    {
        var timeout = card.Settings.MatchTimeout;
        using var deadline = card.Deadline(timeout);
        try
        {
            return await card.CallAsync(plugin, "Match", timeout, () => Task.FromResult(plugin.Instance.Match(card.ParsedAtr)), deadline.Token);
        }
        catch (Exception ex)
        {
            if (!deadline.IsCancellationRequested)
            {
                // A timeout is logged where the thread is abandoned, and reported as a fault.
                PluginHostLog.MatchFailed(card.Log, plugin.Id, ex.GetType().Name, ex.Message, null);
            }

            return false;
        }
    }

    /// <summary>A probe past <see cref="PluginHostSettings.ProbeTimeout"/> is "not my card" (and a fault); the run
    /// goes on with the next candidate as long as the identification deadline allows.</summary>
    private async Task<bool> ProbeAsync(LoadedPlugin plugin, ISessionChannel channel, CancellationToken deadline)
    {
        using var own = card.Deadline(card.Settings.ProbeTimeout);
        using var probeDeadline = CancellationTokenSource.CreateLinkedTokenSource(deadline, own.Token);
        try
        {
            return await card.CallAsync(plugin, "ProbeAsync", card.Settings.ProbeTimeout, () => plugin.Instance.ProbeAsync(channel, probeDeadline.Token),
                probeDeadline.Token);
        }
        catch (Exception ex) when (!IsEndOfRun(ex, deadline))
        {
            CardSessionLog.ProbeFailed(card.Log, card.ReaderId.Value, plugin.Id, ex.GetType().Name, ex.Message, null);
            return false;
        }
    }

    private async Task<ICardSession?> OpenSessionAsync(LoadedPlugin plugin, ISessionChannel channel, CancellationToken deadline)
    {
        using var own = card.Deadline(card.Settings.ProbeTimeout);
        using var openDeadline = CancellationTokenSource.CreateLinkedTokenSource(deadline, own.Token);
        try
        {
            // The check reads the session's operations and disposes a refused session: plugin code too, on its thread.
            return await card.CallAsync(plugin, "OpenSessionAsync", card.Settings.ProbeTimeout, async () =>
            {
                var session = await plugin.Instance.OpenSessionAsync(channel.WithResponseHandling(plugin.Manifest.ResponseHandling), openDeadline.Token);
                await DeclaredOperationsCheck.RefuseOnMismatchAsync(plugin, session);
                return session;
            }, openDeadline.Token);
        }
        catch (Exception ex) when (!IsEndOfRun(ex, deadline))
        {
            CardSessionLog.OpenSessionFailed(card.Log, card.ReaderId.Value, plugin.Id, ex.GetType().Name, ex.Message, null);
            return null;
        }
    }

    /// <summary>The reader failed or the deadline passed: the whole run ends, not just this candidate.</summary>
    private static bool IsEndOfRun(Exception ex, CancellationToken deadline) =>
        CardWorkContext.IsReaderFailure(ex) || (ex is OperationCanceledException && deadline.IsCancellationRequested);

    /// <summary>Never cacheable: a refusal is not remembered, the next card with this ATR may carry another application.</summary>
    private CardSessionState Unidentified(string reason)
    {
        card.TellHost(new IdentificationReport(card.ReaderId, card.CardSession, card.Atr, null, FromCache: false, Cacheable: false, reason));
        return CardSessionState.Unidentified;
    }
}
