using Akka.Actor;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Plugins.Sessions;

/// <summary>Begin and end a reader transaction from async plugin-host code, by ReaderId.</summary>
internal static class ReaderTransactions
{
    /// <exception cref="ReaderRequestException">The reader refused the transaction.</exception>
    public static async Task<TransactionId> BeginAsync(ReaderRequests readers, ReaderId reader, TimeSpan lease, string holder, TimeSpan timeout) =>
        (await readers.AskTypedAsync(reader, new BeginTransaction(lease, holder), timeout)).Transaction;

    /// <summary>Ends the transaction; returns the reader's failure instead of throwing, because the operation's own
    /// outcome is what the requester needs to hear.</summary>
    public static async Task<ReaderFailure?> EndAsync(ReaderRequests readers, ReaderId reader, TransactionId transaction,
        CardDisposition disposition, TimeSpan timeout)
    {
        try
        {
            await readers.AskTypedAsync(reader, new EndTransaction(transaction, disposition), timeout);
            return null;
        }
        catch (ReaderRequestException refused)
        {
            return refused.Failure;
        }
        catch (AskTimeoutException)
        {
            return new ReaderFailure(reader, ReaderFailureReason.Timeout, "EndTransaction was not answered in time; the reader's lease guard will end it");
        }
    }
}
