using Akka.Actor;
using Microsoft.Extensions.Logging;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins.Loading;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Core.Plugins.Sessions;

/// <summary>What the work items of one card (identification, operations, reset notices) share: the card, its reader's
/// transactions, how to make a plugin's channel, the timings, and where reports to the plugin host go. Plain values
/// and callbacks, so the work items run and are tested without an actor.</summary>
internal sealed record CardWorkContext(
    ReaderId ReaderId,
    SessionId CardSession,
    byte[] Atr,
    IReaderTransactions Transactions,
    Func<LoadedPlugin, ISessionChannel> NewChannel,
    PluginHostSettings Settings,
    ILogger Log,
    Action<object> TellHost)
{
    /// <summary>The card's ATR parsed, for the plugins' Match (the host refuses a card whose ATR does not parse before
    /// any work item).</summary>
    public Abstractions.Cards.Atr ParsedAtr { get; } = Abstractions.Cards.Atr.Parse(Atr);

    /// <summary>The clock of the identification and operation deadlines (tests pass a manual one).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public CancellationTokenSource Deadline(TimeSpan timeout) => new(timeout, Time);

    /// <summary>The reader failed or did not answer (not the plugin): such a step ends with the reader's failure and
    /// does not count against the plugin.</summary>
    public static bool IsReaderFailure(Exception ex) => ex is ReaderRequestException;

    /// <summary>Ends the work item's transaction; a failure to end it is logged, not thrown (the lease guard ends it).</summary>
    public async Task EndTransactionAsync(TransactionId transaction, Pcsc.CardDisposition disposition)
    {
        if (await Transactions.EndAsync(transaction, disposition) is { } failure)
        {
            CardSessionLog.EndTransactionFailed(Log, ReaderId.Value, failure.ToString(), null);
        }
    }
}
