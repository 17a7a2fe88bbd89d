using Akka.Actor;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Plugins.Sessions;

/// <summary>The reader transaction a card's work item (identification, operation) runs in. An interface so the work
/// items are unit-tested without a reader actor.</summary>
internal interface IReaderTransactions
{
    /// <exception cref="ReaderRequestException">The reader refused the transaction.</exception>
    Task<TransactionId> BeginAsync(TimeSpan lease, string holder);

    /// <summary>Ends the transaction; returns the reader's failure instead of throwing, because the work item's own
    /// outcome is what the requester needs to hear.</summary>
    Task<ReaderFailure?> EndAsync(TransactionId transaction, CardDisposition disposition);
}

/// <summary>Begin and end a reader transaction by ReaderId, through <see cref="ReaderRequests"/>.</summary>
internal sealed class ReaderTransactions(ReaderRequests readers, ReaderId reader, TimeSpan requestTimeout) : IReaderTransactions
{
    public async Task<TransactionId> BeginAsync(TimeSpan lease, string holder) =>
        (await readers.AskTypedAsync(reader, new BeginTransaction(lease, holder), requestTimeout)).Transaction;

    public async Task<ReaderFailure?> EndAsync(TransactionId transaction, CardDisposition disposition)
    {
        try
        {
            await readers.AskTypedAsync(reader, new EndTransaction(transaction, disposition), requestTimeout);
            return null;
        }
        catch (ReaderRequestException refused)
        {
            return refused.Failure;
        }
    }
}
