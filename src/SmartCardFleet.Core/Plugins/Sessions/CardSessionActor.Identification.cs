using Akka.Actor;
using Microsoft.Extensions.Logging;
using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Plugins;
using SmartCardFleet.Core.Plugins.Loading;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Plugins.Sessions;

// Identification: the host-ranked candidates' probes run in ONE reader transaction, in order, until one accepts the
// card; the winner's session is opened in the same transaction.
internal sealed partial class CardSessionActor
{
    private async Task<WorkDone> IdentifyAsync(IdentifyCard identify)
    {
        var host = _host;
        if (identify.Candidates.Count == 0)
        {
            return Unidentified(host, identify.FromCache ? "no plugin accepted this ATR before (cached)" : "no plugin matches the ATR", cacheable: true);
        }

        var lease = _settings.IdentificationTimeout + _settings.TransactionLeaseMargin;
        Readers.TransactionId transaction;
        try
        {
            transaction = await ReaderTransactions.BeginAsync(_readers, _readerId, lease, "plugin-host:identify", _settings.ReaderRequestTimeout);
        }
        catch (Exception ex) when (IsReaderFailure(ex))
        {
            return Unidentified(host, $"the reader refused the identification transaction: {ex.Message}", cacheable: false);
        }

        using var deadline = new CancellationTokenSource(_settings.IdentificationTimeout);
        var disposition = CardDisposition.Leave;
        var rejectedBy = new List<string>();
        try
        {
            foreach (var candidate in identify.Candidates)
            {
                var plugin = candidate.Plugin;
                var channel = NewChannel(plugin);
                channel.Arm(transaction);
                if (!candidate.SkipProbe && !await ProbeAsync(plugin, channel, deadline.Token))
                {
                    channel.Close();
                    rejectedBy.Add(plugin.Id);
                    continue;
                }

                var session = await OpenSessionAsync(plugin, channel, deadline.Token);
                channel.Disarm();
                if (session is null)
                {
                    channel.Close();
                    rejectedBy.Add($"{plugin.Id} (opening the session failed)");
                    continue;
                }

                host.Tell(new SessionOpenedReport(plugin), _self);
                host.Tell(new IdentificationReport(_readerId, _cardSession, _atrBytes, plugin, identify.FromCache, Cacheable: true, null), _self);
                return new WorkDone(plugin, session, channel, ResetPending: false, Identified: true);
            }

            return Unidentified(host, $"no plugin accepted the card (probed: {string.Join(", ", rejectedBy)})", cacheable: true);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            disposition = CardDisposition.Reset;
            return Unidentified(host, $"identification did not finish within {_settings.IdentificationTimeout}", cacheable: false);
        }
        catch (Exception ex) when (IsReaderFailure(ex))
        {
            // The reader, not the plugins, said no (card pulled, reader gone): nothing to remember about this ATR.
            return Unidentified(host, $"the reader failed during identification: {ex.Message}", cacheable: false);
        }
        finally
        {
            var endFailure = await ReaderTransactions.EndAsync(_readers, _readerId, transaction, disposition, _settings.ReaderRequestTimeout);
            if (endFailure is not null)
            {
                LogEndTransactionFailed(_readerId.Value, endFailure.ToString());
            }
        }
    }

    /// <summary>A probe that throws or times out counts as "not my card": one plugin's bug must not hide the card from
    /// the others.</summary>
    private async Task<bool> ProbeAsync(LoadedPlugin plugin, ReaderCardChannel channel, CancellationToken deadline)
    {
        try
        {
            return await plugin.Instance.ProbeAsync(channel, deadline).WaitAsync(deadline);
        }
        catch (Exception ex) when (IsReaderFailure(ex) || (ex is OperationCanceledException && deadline.IsCancellationRequested))
        {
            throw;
        }
        catch (Exception ex)
        {
            LogProbeFailed(_readerId.Value, plugin.Id, ex.GetType().Name, ex.Message);
            return false;
        }
    }

    private async Task<ICardSession?> OpenSessionAsync(LoadedPlugin plugin, ReaderCardChannel channel, CancellationToken deadline)
    {
        try
        {
            return await plugin.Instance.OpenSessionAsync(channel.WithResponseHandling(plugin.Manifest.ResponseHandling), deadline)
                .WaitAsync(deadline);
        }
        catch (Exception ex) when (IsReaderFailure(ex) || (ex is OperationCanceledException && deadline.IsCancellationRequested))
        {
            throw;
        }
        catch (Exception ex)
        {
            LogOpenSessionFailed(_readerId.Value, plugin.Id, ex.GetType().Name, ex.Message);
            return null;
        }
    }

    private WorkDone Unidentified(IActorRef host, string reason, bool cacheable)
    {
        host.Tell(new IdentificationReport(_readerId, _cardSession, _atrBytes, null, FromCache: false, cacheable, reason), _self);
        return new WorkDone(null, null, null, ResetPending: false, Identified: false);
    }

    /// <summary>After a reload: close the old version's session (it finished its last operation) and let the next
    /// operation open one on the new version.</summary>
    private async Task<WorkDone> SwapAsync(LoadedPlugin? next, LoadedPlugin? current, ICardSession? session, ReaderCardChannel? channel)
    {
        if (current is not null)
        {
            await CloseSession(current, session, channel, _host);
        }

        return new WorkDone(next, null, null, ResetPending: false, Identified: next is not null);
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "Reader {ReaderId}: probe of plugin {PluginId} failed ({ExceptionType}: {Detail}); trying the next plugin")]
    private partial void LogProbeFailed(string readerId, string pluginId, string exceptionType, string detail);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning, Message = "Reader {ReaderId}: plugin {PluginId} accepted the card but opening its session failed ({ExceptionType}: {Detail})")]
    private partial void LogOpenSessionFailed(string readerId, string pluginId, string exceptionType, string detail);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Warning, Message = "Reader {ReaderId}: ending the plugin host's transaction failed: {Failure}")]
    private partial void LogEndTransactionFailed(string readerId, string failure);
}
